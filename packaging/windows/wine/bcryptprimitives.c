/* Wine 8.0 (Debian 12) has no bcryptprimitives.dll, whose ProcessPrng Rust's standard
 * library imports on Windows (it is there on every Windows 10 and later). For the wine
 * test run only (`cargo xtask test-windows`), this DLL gives ProcessPrng from
 * BCryptGenRandom, the system's RNG. It is never shipped: the installer does not hold it. */
#include <windows.h>
#include <bcrypt.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (BCryptGenRandom(NULL, data, n, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0)
            return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
