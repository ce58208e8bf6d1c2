; The Windows installer of Takt (Debian's nsis: `cargo xtask package` runs
;   makensis -DVERSION=<v> -DEXE=<takt.exe> -DLOADER=<WebView2Loader.dll> -DOUT=<setup.exe>
;   -DCONFIG=<first config> takt.nsi).
; It installs takt.exe (window, command line and service in one) into Program Files with
; Start menu entries and, optionally, Takt
; as a Windows service that records with nobody logged in. Uninstalling removes the
; program and the service, never the config or the recorded data (%APPDATA%\takt).

Unicode true
; A 64-bit installer (Debian's nsis has the amd64 stubs): it runs where takt.exe runs, and under
; a 64-bit-only wine.
Target amd64-unicode
!include "MUI2.nsh"
!include "FileFunc.nsh"

Name "Takt ${VERSION}"
OutFile "${OUT}"
InstallDir "$PROGRAMFILES64\Takt"
InstallDirRegKey HKLM "Software\Takt" "InstallDir"
RequestExecutionLevel admin
SetCompressor /SOLID lzma

!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Takt"

!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Section "Takt" SecTakt
    SectionIn RO
    SetOutPath "$INSTDIR"
    File "/oname=takt.exe" "${EXE}"
    ; The window's WebView2 loader (the runtime itself is part of Windows 10 and 11).
    File "/oname=WebView2Loader.dll" "${LOADER}"
    WriteUninstaller "$INSTDIR\uninstall.exe"
    SetShellVarContext current
    ; The first config, only when there is none: installing and upgrading keep the plant's.
    CreateDirectory "$APPDATA\takt"
    IfFileExists "$APPDATA\takt\takt.toml" +2 0
        File "/oname=$APPDATA\takt\takt.toml" "${CONFIG}"
    SetShellVarContext all
    CreateDirectory "$SMPROGRAMS\Takt"
    CreateShortcut "$SMPROGRAMS\Takt\Takt.lnk" "$INSTDIR\takt.exe"
    CreateShortcut "$SMPROGRAMS\Takt\Takt status.lnk" "$SYSDIR\cmd.exe" '/k "$INSTDIR\takt.exe" status'
    CreateShortcut "$SMPROGRAMS\Takt\Uninstall Takt.lnk" "$INSTDIR\uninstall.exe"
    WriteRegStr HKLM "Software\Takt" "InstallDir" "$INSTDIR"
    WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "Takt"
    WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
    WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "The Takt developers"
    WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
    WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
    WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section /o "Record as a Windows service (starts with Windows)" SecService
    SetShellVarContext current
    ; An older service of Takt goes first (an upgrade); the config and data stay.
    ExecWait '"$INSTDIR\takt.exe" service uninstall'
    ExecWait '"$INSTDIR\takt.exe" --config "$APPDATA\takt\takt.toml" --db "$APPDATA\takt\takt.db" service install' $0
    StrCmp $0 0 +2
        MessageBox MB_ICONEXCLAMATION "Takt could not be registered as a service (exit $0): check $APPDATA\takt\takt.toml with `takt check`, then run `takt service install` as administrator."
SectionEnd

; `setup.exe /S /SERVICE`: a silent install with the service (as the test under wine does).
Function .onInit
    ${GetParameters} $R0
    ClearErrors
    ${GetOptions} $R0 "/SERVICE" $R1
    IfErrors +2 0
        SectionSetFlags ${SecService} ${SF_SELECTED}
FunctionEnd

LangString DESC_Takt ${LANG_ENGLISH} "takt.exe: the window, the command line and the recorder, with Start menu entries."
LangString DESC_Service ${LANG_ENGLISH} "Takt records the plant's machines as a Windows service, with nobody logged in. Start it with: sc start takt"
!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
    !insertmacro MUI_DESCRIPTION_TEXT ${SecTakt} $(DESC_Takt)
    !insertmacro MUI_DESCRIPTION_TEXT ${SecService} $(DESC_Service)
!insertmacro MUI_FUNCTION_DESCRIPTION_END

Section "Uninstall"
    ExecWait '"$INSTDIR\takt.exe" service uninstall'
    Delete "$INSTDIR\takt.exe"
    Delete "$INSTDIR\WebView2Loader.dll"
    Delete "$INSTDIR\uninstall.exe"
    RMDir "$INSTDIR"
    SetShellVarContext all
    Delete "$SMPROGRAMS\Takt\*.lnk"
    RMDir "$SMPROGRAMS\Takt"
    DeleteRegKey HKLM "${UNINSTALL_KEY}"
    DeleteRegKey HKLM "Software\Takt"
SectionEnd
