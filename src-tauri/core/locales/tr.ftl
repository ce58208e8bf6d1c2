# Takt Türkçe. Her anahtar en.ftl ve de.ftl dosyalarında da vardır (bir test eşit tutar).

## Sayfalar
page-plant = Tesis
page-machine = Makine
page-stops = Duruşlar
page-maintenance = Bakım
page-reports = Raporlar
page-settings = Ayarlar

## Günler ve aylar
day-mon = Pzt
day-tue = Sal
day-wed = Çar
day-thu = Per
day-fri = Cum
day-sat = Cmt
day-sun = Paz
month-1 = Ocak
month-2 = Şubat
month-3 = Mart
month-4 = Nisan
month-5 = Mayıs
month-6 = Haziran
month-7 = Temmuz
month-8 = Ağustos
month-9 = Eylül
month-10 = Ekim
month-11 = Kasım
month-12 = Aralık

## Pencerenin çerçevesi
app-loading = Yükleniyor…
app-pages = Sayfalar
app-recorder-title = Bu pencere veritabanını kaydeden işlemin istemcisidir: girişleri o yazar
app-recorded-by = kaydeden: { $recorder }
app-floor-title = Atölyedeki bir televizyon için tam ekran tesis görünümü
app-floor = Atölye ekranı
app-leave-floor = Ekrandan çık

## A machine's state, beside its colour
state-running = çalışıyor
state-down = duruşta
state-planned = planlı duruş
state-no-data = veri yok
state-waiting = bekleniyor

## Terminaldeki canlı tablo
term-stop-hint = Ctrl-C durdurur
term-machine = makine
term-state = durum
term-since = başlangıç
term-reason = neden
term-shift = vardiya
term-parts = parça

## Temel göstergeler (PDF'in ilk sayfası, pencerenin önizlemesi, e-posta)
kf-key-figure = gösterge
kf-this-period = bu dönem
kf-period-before = önceki dönem
kf-oee = OEE
kf-availability = kullanılabilirlik
kf-performance = performans
kf-quality = kalite
kf-parts = parça
kf-good-parts = sağlam parça
kf-down-time-s = duruş süresi, sn
kf-breakdowns = arızalar
kf-setups = ayarlar
kf-small-stops = kısa duruşlar
kf-reduced-speed = düşük hız
kf-production-rejects = üretim hurdası
kf-startup-rejects = ilk çalıştırma hurdası
kf-largest-losses = en büyük kayıplar
kf-this-period-s = bu dönem, sn
kf-period-before-s = önceki dönem, sn
kf-top-stop-reasons = başlıca duruş nedenleri
kf-stops = duruşlar
kf-duration-s = süre_sn

## Rapor başlıkları
title-oee = OEE
title-downtime = Duruş
title-scrap = Hurda
title-maintenance = Bakım
title-condition-trends = Durum eğilimleri
title-energy = Enerji
title-process-alarms = Proses alarmları
title-process-capability = Proses yeterliliği
title-what-drives-scrap = Hurdayı ne artırıyor
title-maintenance-due = Zamanı gelen bakımlar
title-maintenance-log = Bakım kaydı

## PDF raporları ve e-postaları
pdf-report = { $title } raporu
pdf-report-of = { $plant } { $title } raporu, { $period }
pdf-made-by = Takt tarafından { $time } tarihinde hazırlandı
pdf-page-header = { $plant }: { $title } raporu, { $period }
pdf-period = { $from } ile { $to } arası ({ $tz })
mail-attached = Ekler: { $files }.
mail-made-by = Takt tarafından { $time } tarihinde hazırlandı.

## Ayarlar sayfası
settings-title = Ayarlar
settings-tab-machines = Makineler
settings-tab-plant = Tesis
settings-tab-shifts = Vardiyalar
settings-tab-calendar = Takvim
settings-tab-products = Ürünler
settings-tab-reasons = Nedenler
settings-tab-plans = Bakım planları
settings-tab-text = takt.toml
settings-text-intro = { $path } — vardiyalar, ürünler, nedenler ve makineler. Kaydedilmeden önce takt check gibi denetlenir.
settings-machines-title = Makineler
settings-col-id = Kimlik
settings-col-name = Ad
settings-col-line = Hat
settings-col-connection = Bağlantı
settings-col-read-once = Tek seferlik okuma
settings-reading = okunuyor…
settings-test = Test et
settings-test-title = Her sinyali takt check gibi bir kez oku
settings-copy = Kopyala…
settings-copy-title = Aynı sinyallere ve planlara sahip yeni bir makine
settings-add-machine = Makine ekle…

## Makine kopyalama
copy-added = { $id }, { $from } makinesinin sinyalleriyle eklendi.
copy-legend = { $from } makinesinin kopyası: aynı sinyaller ve planlar
copy-new-id = Yeni kimlik
copy-name = Ad
copy-name-hint = Pres 2
copy-address = Adres (host:port veya seri port)
copy-unit = Birim kimliği (boş: aynısı)
copy-save = Denetle ve ekle
copy-cancel = İptal

## Register haritası içe aktarma
map-title = Register haritası içe aktar
map-help = signal, table, address, type, word_order, scale, unit, low, high sütunlarını içeren bir CSV: sinyaller makinenin [machine.signals] bölümüne girer ve takt check gibi denetlenir.
map-machine = Makine
map-file = Dosya
map-paste = ya da buraya yapıştırın
map-preview = Denetle ve önizle
map-save = takt.toml dosyasına kaydet
map-saved = Kaydedildi: Takt artık bu sinyalleri sorguluyor.
map-not-saved = Henüz hiçbir şey kaydedilmedi: sinyaller makinede böyle olacak.
map-col-line = Satır
map-col-signal = Sinyal
map-col-register = Register
map-col-limits = Birim ve sınırlar
map-replaces = yerine geçer
map-new = yeni

## Bütün ayar formları
form-saved = Kaydedildi. Takt artık yeni yapılandırmayla sorguluyor.
form-save = Denetle ve kaydet
form-signal-name-missing = beklenen bir sinyal adı: running, total_count, ... ya da bir proses değerinin adı
form-test-registers = register { $words }
form-test-bad-reading = hatalı okuma

## Tesis
plant-form-title = Tesis
plant-form-name = Ad
plant-form-name-hint = Tesis 1
plant-form-timezone = Saat dilimi (aramak için yazın)
plant-form-microstop = Küçük duruş eşiği, sn
plant-form-language = Dil, tarih ve sayılar
plant-form-language-computer = bilgisayarınki
plant-form-energy-price = kWh başına enerji fiyatı

## Vardiyalar
shifts-week-label = Haftanın vardiyaları
shifts-block = { $name } { $from }–{ $to }
shifts-block-from-before = { $words }, önceki günden devam eder
shifts-block-past-midnight = { $words }, gece yarısından sonra sürer
shifts-block-break = mola { $from }–{ $to }
shifts-title = Vardiyalar
shifts-new-name = Vardiya { $n }
shifts-add = Vardiya ekle
shifts-legend = Vardiya: { $name }
shifts-name = Ad
shifts-name-hint = Sabah
shifts-start = Başlangıç (SS:DD)
shifts-end = Bitiş (SS:DD; başlangıçtan önceyse ertesi gün)
shifts-remove = Bu vardiyayı kaldır
shifts-days = Başladığı günler
shifts-breaks = Molalar
shifts-break-at = Mola saati (SS:DD)
shifts-break-minutes = Dakika
shifts-remove-break = Molayı kaldır
shifts-add-break = Mola ekle

## Takvim
calendar-holiday = tatil
calendar-only = yalnızca { $shifts }
calendar-title = Takvim
calendar-help = Tatiller, kısaltılmış günler ve fazla mesai: vardiya planına istisna eklemek için bir gün seçin.
calendar-previous = Önceki ay
calendar-next = Sonraki ay
calendar-day-label = { $day } { $month } { $weekday }, { $plan }
calendar-no-shift = vardiya yok
calendar-exceptions = İstisnalar
calendar-date = Tarih (YYYY-AA-GG)
calendar-that-day = O gün
calendar-mode-normal = olağan vardiyalar
calendar-mode-holiday = tatil: vardiya yok
calendar-mode-only = yalnızca şu vardiyalar
calendar-remove = Bu istisnayı kaldır
calendar-overtime-from = Fazla mesai başlangıcı (SS:DD)
calendar-overtime-to = bitiş (SS:DD)
calendar-remove-overtime = Fazla mesaiyi kaldır
calendar-add-overtime = Fazla mesai ekle

## Ürünler
products-title = Ürünler
products-id = Kimlik
products-name = Ad
products-name-hint = Braket A
products-ideal-cycle = İdeal çevrim süresi, parça başına sn
products-unit-cost = Parça başına maliyet
products-remove = Kaldır
products-add = Ürün ekle

## Nedenler
reasons-title = Nedenler
reasons-help = Koddaki "/" işaretine göre bir ağaç: mech/bearing, mech altında yer alır. Bir nedeni taşımak için dalını değiştirin.
reasons-code = Kod
reasons-name = Ad
reasons-name-hint = Rulman arızası
reasons-kind = Tür
reasons-loss = Kayıp
reasons-kind-downtime = duruş
reasons-kind-scrap = hurda
reasons-kind-rework = yeniden işleme
reasons-kind-planned = planlı duruş
reasons-loss-breakdown-default = arıza (varsayılan)
reasons-loss-breakdown = arıza
reasons-loss-setup = ayar
reasons-loss-production-default = üretim (varsayılan)
reasons-loss-production = üretim
reasons-loss-startup = ilk çalıştırma
reasons-remove = Kaldır
reasons-add = Neden ekle

## Bakım planları
plans-every-run-hours = çalışma saati
plans-every-cycles = çevrim
plans-every-days = gün
plans-title = Bakım planları
plans-machine = Makine
plans-task = Görev
plans-task-hint = Ana rulmanı yağla
plans-component = Bileşen
plans-every = Her
plans-how-many = Kaç
plans-remove = Kaldır
plans-add = Plan ekle

## Makine ekleme
add-title = Makine ekle
add-id = Kimlik (geçmiş bu kimlik altında tutulur)
add-name = Ad
add-name-hint = Pres 1
add-ideal = İdeal çevrim süresi, parça başına sn
add-connection = Bağlantı
add-rtu = Modbus RTU (seri)
add-serial-port = Seri port
add-address = Adres (host:port)
add-baud = Baud hızı
add-unit = Birim kimliği
add-signals = Sinyaller
add-col-signal = Sinyal
add-col-table = Tablo
add-col-address = Adres
add-col-type = Tür
add-col-word-order = Word sırası
add-col-read = Okuma
add-aria-signal = sinyal
add-aria-register = register
add-aria-table = tablo
add-aria-type = tür
add-aria-word-order = word sırası
add-test = Test et
add-reading = okunuyor…
add-add-signal = Sinyal ekle
add-save = Denetle ve takt.toml dosyasına kaydet
add-cancel = İptal

## İlk çalıştırma
first-run-title = Takt'a hoş geldiniz
first-run-intro = Henüz yapılandırılmış bir tesis yok. Takt'ı simüle edilmiş bir tesiste iş başında görün ya da ilk makinenizi bağlayın.
first-run-demo = Demo tesisi aç
first-run-demo-starting = Altı simüle makine başlatılıyor ve iki haftalık geçmişleri yazılıyor…
first-run-demo-text = Bu bilgisayarda, gerçekleri gibi Modbus üzerinden sorgulanan ve iki haftalık geçmişi olan altı simüle makine.
first-run-add = İlk makinenizi ekleyin
first-run-add-text = Ağdaki ya da seri hattaki adresi ve sinyallerinin nerede olduğu. Kaydetmeden önce her sinyali test edin.

## Makine sayfası
machine-field-machine = Makine
machine-field-period = Dönem
machine-range-today = Bugün
machine-range-yesterday = Dün
machine-range-week = Son 7 gün
machine-charts = Grafikler
machine-oee = OEE
machine-availability = Kullanılabilirlik
machine-performance = Performans
machine-quality = Kalite
machine-parts-summary = { $total } parça, { $good } sağlam, { $reject } hatalı; çalışma süresi { $run }, planlanan { $planned }.
machine-six-big-losses = Altı büyük kayıp
machine-loss-breakdowns = Arızalar
machine-loss-setups = Ayarlar
machine-loss-small-stops = Kısa duruşlar
machine-loss-reduced-speed = Düşük hız
machine-loss-production-rejects = Üretim hurdası
machine-loss-startup-rejects = İlk çalıştırma hurdası
machine-process-values = Proses değerleri
machine-col-value = Değer
machine-col-now = Güncel
machine-col-lowest = En düşük
machine-col-highest = En yüksek
machine-col-limits = Limitler
machine-limits-range = { $low } ile { $high } arası
machine-alarms = Alarmlar
machine-alarms-none = Bu dönemde hiçbir değer limitlerinin dışına çıkmadı.
machine-col-limit = Limit
machine-col-worst = En kötü
machine-col-from = Başlangıç
machine-col-to = Bitiş
machine-col-for = Süre
machine-alarm-now = sürüyor
machine-energy = Enerji
machine-kwh-per-good = Sağlam parça başına kWh
machine-idle-share = Dururken tüketilen
machine-energy-summary = Çalışırken { $run } kWh, dururken { $idle } kWh, Takt devre dışıyken { $away } kWh; { $good } sağlam parça.

## Tesis sayfası
plant-starting-demo = Demo tesis başlatılıyor: bu bilgisayarda simüle edilen makineler ve iki haftalık geçmişleri…
plant-waiting = İlk okumalar bekleniyor…
plant-since = { $time } itibarıyla · { $duration }
plant-shift = { $shift } vardiyası
plant-alarm-above = Alarm: { $signal } { $limit } { $unit } üzerinde, { $time } itibarıyla
plant-alarm-below = Alarm: { $signal } { $limit } { $unit } altında, { $time } itibarıyla
plant-alarm-worst = en kötü { $worst } { $unit }
plant-maintenance-title = Bakım: Bakım sayfasına bakın
plant-maintenance-badge = Bakım: { $alert }
plant-parts-this-shift = bu vardiyadaki parça
plant-oee-this-shift = bu vardiyadaki OEE
plant-this-shift = Bu vardiya, { $from }–{ $to }

## Pencerenin grafikleri
chart-limit-high = üst
chart-limit-low = alt
chart-no-readings = Bu dönemde okuma yok.
chart-alarm-span = { $kind } limit: en kötü { $worst }, başlangıç { $time }
chart-process-label = { $name } için dakikalık ortalamalar ve limitleri

## Charts of the reports (the PDF, `takt chart`, the window's preview)
chart-no-data = Bu dönemde veri yok.
chart-axis-shift = vardiya (tesis saati)
chart-axis-day = gün (tesis saati)
chart-axis-week = hafta (tesis saati)
chart-oee-trend = Kullanılabilirlik, performans ve kalite ile OEE
chart-losses = Altı büyük kayıp: planlı üretim süresinden tam verimli süreye
chart-planned-time = planlı süre
chart-rejects = hurda
chart-startup-rejects = ilk çalıştırma hurdası
chart-productive-time = verimli süre
chart-hours = saat
chart-downtime-pareto = Nedene göre plansız duruş süresi
chart-scrap-by-reason = Nedene göre hurda parçalar
chart-scrap-by-product = Ürüne göre hurda parçalar
chart-reason = neden
chart-product = ürün
chart-parts = parça
chart-other = diğer ({ $n })
chart-cumulative = kümülatif %
chart-energy-trend = Sağlam parça başına enerji
chart-kwh-per-good = sağlam parça başına kWh
chart-weibull = { $machine } { $component }: Weibull olasılık grafiği
chart-life-run-hours = ömür, çalışma saati (log ölçek)
chart-life-calendar-hours = ömür, takvim saati (log ölçek)
chart-unreliability = güvenilmezlik F, % (Weibull ölçeği)
chart-fit = uyum: beta { $beta }, eta { $eta } sa
chart-bounds = { $confidence } sınırlar
chart-failures = arızalar (medyan sıralar)
chart-condition = { $machine } { $signal }: durum eğilimi
chart-plant-time = tesis saati
chart-hourly-mean = saatlik ortalama
chart-trend = eğilim
chart-beyond-limit = { $time } tarihinden beri { $limit } limitin ötesinde
chart-crosses-limit = { $time } tarihinde { $limit } limiti geçer

## Bakım sayfası
maint-working = Ömür modelleri hesaplanıyor…
maint-tasks-due = Zamanı gelen görevler
maint-log-title = Bakım kaydet
maint-forecasts = Bileşen bazında arıza tahminleri
maint-forecasts-note = Her bileşenin ömür verilerine uydurulmuş Weibull ömür modelleri (arızalar; arızadan önce yapılan değişimler ve takılı olan parça sansürlü gözlemdir), %90 güven sınırlarıyla.
maint-fig-shape = Şekil β
maint-fig-scale = Ölçek η, h
maint-fig-b10 = B10 ömrü, h
maint-fig-mtbf = MTBF, h
maint-fig-mttr = MTTR, h
maint-fig-risk-30 = 30 gün içinde arıza riski
maint-fig-next-due = Riske veya plana göre bakım zamanı
maint-growth = Makine bazında arıza eğilimi (Crow-AMSAA)
maint-conditions = Durum eğilimleri
maint-beyond-high = { $time } itibarıyla üst limitin üzerinde
maint-beyond-low = { $time } itibarıyla alt limitin altında
maint-cross-high = üst limiti { $time } civarında aşması bekleniyor ({ $earliest } ile { $latest } arasında)
maint-cross-low = alt limitin altına { $time } civarında inmesi bekleniyor ({ $earliest } ile { $latest } arasında)
maint-beyond-a-year = bir yıl sonrası
maint-last-hour = son saat { $last } { $unit }, eğilim { $slope } { $unit }/gün
maint-log-30 = Bakım kaydı, son 30 gün
maint-no-plans = Bakım planı yok: Ayarlar'da bir makineye [[machine.maintenance]] tabloları ekleyin.
maint-col-task = Görev
maint-col-machine = Makine
maint-col-progress = İlerleme
maint-col-used = Kullanılan
maint-col-due = Zamanı
maint-used = { $since } / { $every } { $unit }
maint-unit-run-h = çalışma saati
maint-unit-cycles = çevrim
maint-unit-days = gün
maint-overdue-since = { $time } itibarıyla gecikmiş
maint-field-machine = Makine
maint-field-component = Bileşen
maint-field-kind = Yapılan iş
maint-kind-service = Servis (plandaki iş)
maint-kind-inspection = Muayene
maint-kind-replacement = Arızadan önce değişim
maint-kind-failure = Arıza (onarıldı veya değiştirildi)
maint-field-when = Ne zaman
maint-field-minutes = Dakika
maint-field-note = Not
maint-log-button = Kaydet
maint-at-invalid = at: tarih ve saat bekleniyor
maint-logged-service = { $machine } üzerindeki { $component } için servis kaydedildi.
maint-logged-inspection = { $machine } üzerindeki { $component } için muayene kaydedildi.
maint-logged-replacement = { $machine } üzerindeki { $component } için değişim kaydedildi.
maint-logged-failure = { $machine } üzerindeki { $component } için arıza kaydedildi.
maint-logged-event = { $machine } üzerindeki { $component } için olay kaydedildi.
maint-no-lives = Henüz çizilecek ömür verisi yok.
maint-failed-after = { $hours } h sonra arızalandı
maint-suspended-at = sansürlü gözlem: { $hours } h
maint-plot-label = { $component } için Weibull olasılık grafiği: { $failures } arıza, { $suspensions } sansürlü gözlem
maint-life-h = ömür, h
maint-no-readings = Bu aralıkta okuma yok.
maint-crosses-at = Limit aşımı: { $time }
maint-trend-label = { $signal } için saatlik ortalamalar, limitleri ve eğilimi
maint-chart-now = şimdi

# Raporlar ve Duruşlar sayfaları, rapor tabloları ve pencerenin biçimleri, Türkçe.

## Reports page
reports-report = Rapor
reports-from = Başlangıç
reports-to = Bitiş
reports-to-excluded = Bitiş (dahil değil)
reports-bad-date = { $field }: 2026-11-24 gibi bir tarih bekleniyor
reports-machine = Makine
reports-all-machines = Tüm makineler
reports-by = Grupla
reports-by-none = – (yok: her duruş, olay, değer için bir satır) –
reports-by-shift = Vardiya
reports-by-day = Gün
reports-by-week = Hafta
reports-by-machine = Makine
reports-by-product = Ürün
reports-by-reason = Neden
reports-preview = Önizleme
reports-save-csv = CSV olarak kaydet…
reports-save-pdf = PDF olarak kaydet…
reports-computing = Hesaplanıyor…
reports-rows = { $count } satır
reports-saved = Kaydedildi: { $path }
reports-not-saved = Kaydedilmedi
reports-first-page = PDF'nin ilk sayfası
reports-title = { $title } raporu
reports-period = { $from } – { $to }
reports-kind-oee = OEE
reports-kind-downtime = Duruş
reports-kind-scrap = Hurda
reports-kind-energy = Enerji
reports-kind-alarms = Proses alarmları
reports-kind-process = Proses yeterliliği
reports-kind-quality-drivers = Hurdanın nedenleri
reports-kind-maintenance = Bakım
reports-kind-condition = Durum eğilimleri

## Stops page
stops-only-uncoded = Yalnızca nedeni girilmemiş duruşlar
stops-last-day = Son 24 saat.
stops-machine = Makine
stops-from = Başlangıç
stops-length = Süre
stops-kind = Tür
stops-reason = Neden
stops-kind-down = duruş
stops-kind-small-stop = küçük duruş
stops-kind-planned = planlı
stops-reason-label = neden
stops-pick-reason = – neden seçin –
stops-reason-planned = { $name } ({ $code }), planlı
stops-save = Kaydet
stops-split = Böl…
stops-split-title = Duruşun iki nedeni vardı: ikincinin başladığı anda bölün
stops-split-at-label = bölme anı
stops-split-here = Burada böl
stops-bad-split = Bölme anı: { $from } ile { $to } arasında bir saat bekleniyor, örneğin 14:05:30
stops-split-done = { $machine } { $time } anında bölündü
stops-reason-saved = { $machine }, { $time }: { $reason }
stops-entered-by = giren: { $operator }
stops-scrap = Hurda
stops-parts = Parça
stops-none = – yok –
stops-product = Ürün
stops-record-scrap = Hurda kaydet
stops-bad-quantity = Miktar: tam sayı olarak parça adedi bekleniyor
stops-scrap-recorded = { $quantity } hurda parça kaydedildi

## Report tables: the key figures' rows
table-figure-oee = OEE
table-figure-availability = Kullanılabilirlik
table-figure-performance = Performans
table-figure-quality = Kalite
table-figure-parts = Parça
table-figure-good-parts = Sağlam parça
table-figure-down-time-s = Duruş süresi
table-figure-breakdowns = Arızalar
table-figure-setups = Ayar ve kurulum
table-figure-small-stops = Küçük duruşlar
table-figure-reduced-speed = Düşük hız
table-figure-production-rejects = Üretim hataları
table-figure-start-up-rejects = Başlangıç hataları

## Values in the window
fmt-yes = evet
fmt-no = hayır

## Report columns (CSV names in words)
col-machine = Makine
col-period-start = Dönem başı
col-period-end = Dönem sonu
col-planned-s = Planlı süre
col-run-s = Çalışma süresi
col-down-s = Duruş süresi
col-total = Toplam
col-good = Sağlam
col-reject = Hatalı
col-availability = Kullanılabilirlik
col-performance = Performans
col-quality = Kalite
col-oee = OEE
col-period = Dönem
col-product = Ürün
col-teep = TEEP
col-all-s = Toplam süre
col-scheduled-s = Programlı süre
col-planned-stop-s = Planlı duruş
col-no-data-s = Verisiz süre
col-breakdowns-s = Arızalar
col-setups-s = Ayar ve kurulum
col-small-stops-s = Küçük duruşlar
col-reduced-speed-s = Düşük hız
col-production-rejects-s = Üretim hataları
col-startup-rejects-s = Başlangıç hataları
col-failures = Arıza sayısı
col-mtbf-s = MTBF
col-mttr-s = MTTR
col-no-data-total = Verisiz toplam
col-unscheduled-total = Program dışı toplam
col-reject-cost = Hatalı parça maliyeti
col-flags = Uyarılar
col-allocation-efficiency = Tahsis verimliliği
col-utilisation-efficiency = Kullanım verimliliği
col-technical-efficiency = Teknik verimlilik
col-setup-rate = Ayar oranı
col-nee = NEE
col-throughput-per-h = Saatlik üretim
col-first-pass-yield = İlk seferde doğru oranı
col-scrap-ratio = Hurda oranı
col-rework-ratio = Yeniden işleme oranı
col-rework = Yeniden işleme
col-mttf-s = MTTF
col-mttr-stop-s = MTTR (duruş)
col-corrective-maintenance-ratio = Düzeltici bakım oranı
col-kwh = kWh
col-kwh-per-good = Sağlam parça başına kWh
col-start = Başlangıç
col-end = Bitiş
col-duration-s = Süre
col-reason = Neden
col-kind = Tür
col-stop-start = Duruş başlangıcı
col-on-break = Molada
col-group = Grup
col-stops = Duruşlar
col-small-stops = Küçük duruşlar
col-small-stop-s = Küçük duruş süresi
col-planned-stops = Planlı duruşlar
col-scrap-rate = Hurda oranı
col-cost = Maliyet
col-run-kwh = Çalışırken kWh
col-idle-kwh = Beklerken kWh
col-no-data-kwh = Verisiz kWh
col-kwh-per-run-h = Çalışma saati başına kWh
col-idle-share = Bekleme payı
col-cost-per-good = Sağlam parça başına maliyet
col-signal = Sinyal
col-limit = Sınır
col-worst = En kötü
col-unit = Birim
col-open = Açık
col-n = N
col-mean = Ortalama
col-sd = Std. sapma
col-min = Min
col-max = Maks
col-low = Alt
col-high = Üst
col-cp = Cp
col-cpk = Cpk
col-out-of-limit-s = Sınır dışı
col-band = Bant
col-minutes = Dakika
col-reject-rate = Hata oranı
col-ratio-to-best = En iyiye oranı
col-significant = Anlamlı
col-p-value = P değeri
col-component = Bileşen
col-suspensions = Sansürlü
col-weibull-beta = Weibull beta
col-weibull-eta-h = Weibull eta (h)
col-mtbf-h = MTBF (h)
col-mttr-h = MTTR (h)
col-b10-h = B10 (h)
col-p-fail-30d = 30 günde arıza olasılığı
col-next-due = Sonraki bakım
col-beta-lo = Beta alt
col-beta-hi = Beta üst
col-eta-lo = Eta alt
col-eta-hi = Eta üst
col-b10-lo = B10 alt
col-b10-hi = B10 üst
col-mttf-h = MTTF (h)
col-life-basis = Ömür esası
col-note = Not
col-amsaa-beta = AMSAA beta
col-amsaa-lambda = AMSAA lambda
col-amsaa-mtbf-h = AMSAA MTBF (h)
col-trend = Eğilim
col-last = Son değer
col-slope-per-day = Günlük eğim
col-cross-at = Sınırı aşma
col-cross-earliest = En erken aşma
col-cross-latest = En geç aşma
col-points = Nokta
col-beyond = Sınırın ötesinde
col-trend-from = Eğilim başlangıcı
col-task = Görev
col-every = Aralık
col-since-last = Sonuncudan beri
col-remaining = Kalan
col-due-at = Son tarih
col-overdue = Gecikmiş
col-counted-from = Sayım başlangıcı
col-time = Zaman
col-duration-min = Süre (dk)
col-key-figure = Temel gösterge
col-this-period = Bu dönem
col-the-period-before = Önceki dönem
col-largest-losses = En büyük kayıplar
col-this-period-s = Bu dönem
col-the-period-before-s = Önceki dönem
col-top-stop-reasons = Başlıca duruş nedenleri

## The window's backend
gui-no-plant = henüz bir tesis yapılandırılmadı: demo tesisini açın ya da bir makine ekleyin
gui-not-recording = Takt kayıt yapmıyor: girişin yazılacağı bir yer yok

## Settings refused
settings-refused-attached = { $holder } bu tesisi { $file } ile kaydediyor: o dosyayı değiştirip onu yeniden başlatın (servis için `systemctl restart takt`); bu pencere sonra yeni tesisi gösterir
import-and-more = ve { $n } tane daha

## A maintenance event refused (the Maintenance page, takt maintenance log, takt import maintenance)
import-nothing = hiçbir şey
import-no-machine = beklenen yapılandırmadaki bir [[machine]] kimliği, girilen { $got }{ $hint }
import-no-component = beklenen "main-bearing" gibi bileşenin adı, hiçbir şey girilmedi
import-maintenance-kind = beklenen failure, replacement, service ya da inspection, girilen { $got }
import-duration = beklenen 0 ile { $max } (bir yıl) arasında dakika, örneğin 45, girilen { $got }
log-future = at: { $at } gelecekte (şimdi { $now }): beklenen işin yapıldığı zaman
log-duplicate-failure = "{ $component }" için { $at } anındaki arıza { $machine } için zaten kayıtlı: beklenen her olay bir kez
log-duplicate-replacement = "{ $component }" için { $at } anındaki değişim { $machine } için zaten kayıtlı: beklenen her olay bir kez
log-duplicate-service = "{ $component }" için { $at } anındaki bakım { $machine } için zaten kayıtlı: beklenen her olay bir kez
log-duplicate-inspection = "{ $component }" için { $at } anındaki muayene { $machine } için zaten kayıtlı: beklenen her olay bir kez

## An operator's entry refused (the Stops page, takt stops)
entry-no-machine = yapılandırmada "{ $machine }" diye bir makine yok{ $hint }
entry-not-a-stop-reason = "{ $reason }" yapılandırmada bir arıza ya da planlı duruş nedeni değil{ $hint }
entry-not-a-scrap-reason = "{ $reason }" yapılandırmada bir hurda nedeni değil{ $hint }
entry-no-product = "{ $product }" yapılandırmada bir ürün değil{ $hint }
entry-no-stop = { $machine } { $at } anında durmuyordu: beklenen duruşlarından birinin içinde bir zaman (bkz. `takt report downtime`)
entry-outside-stop = beklenen duruşun içinde, { $from } ile { $to } arasında bir zaman
entry-no-quantity = beklenen 1 ile { $max } arasında parça, girilen { $got }

## A register map's problems (takt import register-map, the Machines tab)
map-column-twice = "{ $column }" sütunu başlıkta iki kez var
map-no-column = "{ $column }" diye bir sütun yok{ $hint }: beklenen başlık { $header }
map-header-lacks = başlıkta "{ $column }" yok: beklenen { $header }
map-signal-empty = boş: beklenen running, total_count, reject_count, fault_code, product_code, energy_kwh ya da bir proses değerinin adı
map-signal-again = "{ $signal }" yine var: { $line }. satırda zaten var
map-table-empty = boş: beklenen sinyalin tablosu
map-address-empty = boş: beklenen sinyalin adresi
map-file-empty = dosya boş: beklenen bir başlık { $header }

## The config's findings (`takt check`, the forms of the Settings page)
cfg-missing = { $what }: `{ $key }` eksik: beklenen { $expected }
cfg-unknown-key-like = { $what }: bilinmeyen anahtar `{ $key }`; `{ $like }` mı demek istediniz?
cfg-unknown-key = { $what }: bilinmeyen anahtar `{ $key }`; beklenen şunlardan biri: { $known }
cfg-kind-string = bir metin
cfg-kind-integer = bir tam sayı
cfg-kind-number = bir sayı
cfg-kind-boolean = bir mantıksal değer (true/false)
cfg-kind-datetime = bir tarih-saat
cfg-kind-array = bir dizi
cfg-kind-table = bir tablo
cfg-wrong = { $what }: `{ $key }` = { $got } ({ $kind }): beklenen { $expected }
cfg-expect-string = tırnak içinde, boş olmayan bir metin
cfg-not-one-of = { $what }: `{ $key }` = "{ $got }": beklenen { $expected }{ $hint }
cfg-did-you-mean = {" "}("{ $like }" mı demek istediniz?)
cfg-or = { $rest } veya { $last }
cfg-int = { $lo } ile { $hi } arasında bir tam sayı
cfg-expect-time-of-day = "06:00" gibi "HH:MM" biçiminde bir saat
cfg-toml-syntax = TOML sözdizimi: { $error }
cfg-expect-table = bir { $table } tablosu
cfg-missing-plant = [plant] eksik: beklenen `name` ve `timezone` içeren bir [plant] tablosu
cfg-schedule-no-machine = [[report.schedule]]: "{ $machine }" diye bir makine yok: beklenen { $expected }
cfg-schedule-email-needs-smtp = [[report.schedule]]: `email` ile gönderim için bir [smtp] tablosu (host, port, security, user, from) gerekir
cfg-no-shift = [[shift]] yok: her günün her saati programlı sayılır (7/24); OEE'yi bir vardiya planına göre ölçmek için vardiya ekleyin
cfg-no-machine = [[machine]] yok: hiçbir şey sorgulanmayacak
cfg-expect-schedules = [[report.schedule]] tabloları (tablo dizisi)
cfg-expect-strings = tırnak içinde metinlerden oluşan bir dizi
cfg-what-product-id = ürün kimliği
cfg-what-reason-code = neden kodu
cfg-what-shift-name = vardiya adı
cfg-what-machine-id = makine kimliği
cfg-expect-reports = ["oee", "downtime"] gibi rapor adlarından oluşan bir dizi
cfg-reports-empty = { $what }: `reports` boş: beklenen { $expected } raporlarından en az biri
cfg-no-report = { $what }: "{ $report }" diye bir rapor yok: beklenen { $expected }
cfg-expect-schedule-at = "shift-end" veya tesis saatiyle "HH:MM" biçiminde bir saat
cfg-schedule-at = { $what }: `at` = { $got }: beklenen "shift-end" veya tesis saatiyle "06:00" gibi "HH:MM" biçiminde bir saat
cfg-email-address = { $what }: `email` "{ $got }": beklenen "supervisor@plant.example" gibi bir adres
cfg-schedule-nowhere = [[report.schedule]]: teslim edilecek yer yok: beklenen `folder = "reports"`, `email = ["..."]` veya ikisi birden
cfg-expect-backup-folder = günlük kopyaların konacağı klasör, örneğin "backups"
cfg-expect-local-time = tesis saatiyle "HH:MM" biçiminde bir saat
cfg-int-copies = { $lo } ile { $hi } arasında tam sayı olarak kopya adedi
cfg-smtp-password = [smtp]: parola asla takt.toml içinde tutulmaz (her yedekte ve yapılandırma geçmişinde yer alırdı): `password_env = "TAKT_SMTP_PASSWORD"` veya `password_file = "/etc/takt/smtp-password"` ayarlayın
cfg-expect-smtp-host = e-posta sunucusunun host adı
cfg-expect-smtp-from = gönderen, örneğin "Takt <takt@plant.example>"
cfg-smtp-user-password = [smtp]: `user` için parola gerekir: beklenen `password_env` (bir ortam değişkeni) veya `password_file`
cfg-expect-tables = { $table } tabloları (tablo dizisi)
cfg-duplicate = yinelenen { $what } "{ $name }" (ilk tanımı { $line }. satırda): her { $what } yalnızca bir kez olmalı
cfg-expect-plant-name = tesisin adı, örneğin "Tesis 1"
cfg-expect-timezone = "Europe/Istanbul" gibi bir IANA saat dilimi adı
cfg-expect-microstop = 0 ile 3600 arasında saniye, örneğin 120
cfg-int-days = { $lo } ile { $hi } arasında tam sayı olarak gün
cfg-expect-probability = 0'dan büyük ve 1'den küçük bir olasılık, örneğin 0.10
cfg-expect-price = 0 veya daha yüksek bir kWh fiyatı, örneğin 0.12
cfg-plant-id = [plant]: `id`: { $got } geçerli değil: beklenen küçük harfler, rakamlar ve "-" (örneğin "istanbul-2")
cfg-plant-language = [plant]: `language` "{ $got }" Takt'ın desteklediği bir dil değil: beklenen "en", "tr" veya "de" (ardından bölge gelebilir: "de-AT", "en-US")
cfg-timezone-not-string = { $what }: `timezone` = { $got }: beklenen "Europe/Istanbul" gibi bir IANA saat dilimi adı
cfg-timezone-unknown = { $what }: `timezone` = "{ $got }" bir IANA saat dilimi adı değil: beklenen "Europe/Istanbul" gibi bir ad{ $hint }
cfg-expect-shift-name = vardiyanın adı, örneğin "Sabah"
cfg-expect-time = "HH:MM" biçiminde bir saat
cfg-break-outside-shift = [[shift]] "{ $shift }": { $start } saatindeki { $minutes } dakikalık mola vardiya ({ $from }-{ $to }) bittikten sonra bitiyor: beklenen vardiya içinde kalan molalar
cfg-expect-days = ["mon", "tue"] gibi hafta günleri (mon, tue, wed, thu, fri, sat, sun)
cfg-days-empty = { $what }: `days` = []: vardiya hiç çalışmaz, yalnızca onu adıyla anan [[calendar]] tarihlerinde çalışır; her gün için `days` satırını hiç yazmayın
cfg-day-twice = { $what }: `days` içinde "{ $day }" iki kez geçiyor: beklenen her gün bir kez
cfg-expect-list = { $example } gibi bir liste
cfg-expect-break-minutes = molanın dakika cinsinden süresi
cfg-int-minutes = { $lo } ile { $hi } arasında tam sayı olarak dakika
cfg-expect-product-id = "bracket-a" gibi bir ürün kimliği
cfg-product-id = [[product]]: `id` { $got } geçerli değil: beklenen harfler, rakamlar, "-", "_" ve "." (örneğin "bracket-a")
cfg-expect-ideal-cycle = parça başına 0'dan büyük saniye, örneğin 1.5
cfg-expect-unit-cost = parça başına 0 veya daha yüksek bir maliyet, örneğin 0.42
cfg-expect-reason-code = "mech/bearing" gibi bir neden kodu
cfg-reason-code = [[reason]]: `code` { $got } geçerli değil: beklenen küçük harf, rakam ve "-" içeren, "/" ile birleştirilmiş sözcükler (örneğin "mech/bearing")
cfg-expect-reason-kind = "downtime", "scrap", "rework" veya "planned"
cfg-loss-rework = { $what }: `loss` yeniden işleme nedenleri için kullanılmaz: yeniden işlenen parçalar kendi başına bir kayıptır
cfg-loss-planned = { $what }: `loss` duruş ve hurda nedenleri içindir: planlı duruşlar kayıp sayılmaz
cfg-expect-date = "YYYY-MM-DD" biçiminde bir tarih
cfg-calendar-date = [[calendar]]: `date` = { $got }: beklenen "2026-12-31" gibi "YYYY-MM-DD" biçiminde bir tarih
cfg-expect-calendar-shifts = ["Early"] gibi vardiya adlarından oluşan bir liste ya da tatil için []
cfg-expect-shift-none = bir [[shift]] adı, ancak hiç vardiya tanımlı değil
cfg-expect-shift-of = bir [[shift]] adı: { $names }
cfg-calendar-no-shift = { $what }: "{ $shift }" vardiyası hiçbir [[shift]] ile eşleşmiyor: beklenen { $expected }{ $hint }
cfg-calendar-shift-item = { $what }: `shifts` öğesi { $got }: beklenen tırnak içinde bir vardiya adı
cfg-what-calendar-date = takvim tarihi
cfg-shift-overlap = [[shift]] "{ $shift }", "{ $other }" vardiyasıyla { $from } ile { $to } arasında çakışıyor: beklenen çakışmayan vardiyalar
cfg-unit-taken = [[machine]] "{ $machine }": { $bus } üzerindeki { $unit } numaralı birim zaten "{ $other }" makinesine ait: beklenen ortak hatta başka bir birim kimliği
cfg-port-settings = [[machine]] "{ $machine }": { $port } seri portu burada { $here }, "{ $other }" makinesinde ise { $there } olarak ayarlı: beklenen port başına tek ayar
cfg-block-shift = "{ $shift }" vardiyası
cfg-block-extra = { $n }. ek blok
cfg-extra-overlap = [[calendar]] { $date }: { $from }-{ $to } ek bloğu { $other } ile çakışıyor: beklenen o gün çalışılan vardiyaların dışında fazla mesai
cfg-expect-machine-id = "press-1" gibi bir makine kimliği
cfg-machine-id = [[machine]]: `id` { $got } geçerli değil: beklenen küçük harfler, rakamlar ve "-" (örneğin "press-1")
cfg-int-ms = { $lo } ile { $hi } arasında tam sayı olarak milisaniye
cfg-expect-stop-after = yalnızca sayacı olan bir makinenin durmuş sayılması için parça gelmeden geçmesi gereken saniye; 0'dan büyük ve en fazla bir gün (86400)
cfg-expect-plans = [[machine.maintenance]] tabloları
cfg-no-signals = [[machine]] "{ $machine }" için [machine.signals] yok: bu makine için hiçbir şey kaydedilmeyecek
cfg-no-ideal-cycle = [[machine]] "{ $machine }" parça sayıyor ama ideal çevrim süresi yok: beklenen `ideal_cycle_s` (parça başına saniye); performans ve OEE için gerekli
cfg-expect-ideal-by-product = ürün kimliği = parça başına saniye biçiminde bir tablo
cfg-expect-seconds-per-part = parça başına 0'dan büyük saniye
cfg-no-product = { $what }: "{ $product }" ürünü hiçbir [[product]] ile eşleşmiyor: beklenen bir [[product]] tablosunun `id` değeri{ $hint }
cfg-reason-is-scrap = { $what }: "{ $reason }" bir hurda nedeni: beklenen bir duruş ya da planlı duruş nedeni
cfg-no-reason = { $what }: "{ $reason }" nedeni neden ağacında yok: beklenen bir [[reason]] tablosunun `code` değeri{ $hint }
cfg-host-port = { $what }: `modbus_tcp` = "{ $got }": beklenen "192.168.1.50:502" gibi "host:port"
cfg-unit-zero = { $what }: `unit` = 0 seri hatta yayın (broadcast) adresidir; TCP üzerinden çoğu cihaz 1 veya 255'te, bazıları 0'da yanıt verir: makine yanıt vermezse bunları deneyin
cfg-int-baud = { $lo } ile { $hi } arasında tam sayı olarak baud hızı
cfg-rtu-unit-missing = { $what }: `unit` eksik: beklenen 1 ile 247 arasında bir RTU birim kimliği
cfg-both-connections = { $what }: hem `modbus_tcp` hem `modbus_rtu` var: beklenen yalnızca biri
cfg-no-connection = { $what }: `modbus_tcp` veya `modbus_rtu` yok: beklenen { $expected }
cfg-rtu-key-on-tcp = { $what }: `{ $key }` `modbus_rtu` bağlantıları içindir: yalnızca seri port ile kullanılır
cfg-no-register = { $what }: register yok: beklenen 0 tabanlı adresle `coil`, `discrete`, `input`, `holding` içinden biri, örneğin {"{"} holding = 4 {"}"}
cfg-two-registers = { $what }: birden fazla register tablosu var: beklenen `coil`, `discrete`, `input`, `holding` içinden tam olarak biri
cfg-int-address = { $lo } ile { $hi } arasında bir tam sayı (0 tabanlı adres)
cfg-expect-scale = 0'dan farklı bir sayı, örneğin 0.1
cfg-expect-offset = bir sayı, örneğin -40
cfg-type-on-bit = { $what }: tek bitlik bir { $table } üzerinde `type` = "{ $type }": beklenen "bool"
cfg-type-not-for-signal = { $what }: `type` = "{ $type }": bu sinyal için beklenen { $expected }
cfg-bit-table = { $what }: bir { $table } tek bit tutar: bu sinyal için beklenen `input` veya `holding`
cfg-past-65535 = { $what }: { $type } türündeki { $table } { $address } register 65535'in ötesine taşıyor: beklenen daha düşük bir adres
cfg-counter-scale = { $what }: sayaçlar tam parça sayar: `scale` veya `offset` kullanılmamalı
cfg-expect-register = { $example } gibi bir register
cfg-duplicate-process = { $machine }: yinelenen proses değeri "{ $name }": her ad yalnızca bir kez olmalı
cfg-signal-overlap = { $machine }: `{ $signal }` sinyali ({ $register }), `{ $other }` sinyaliyle ({ $other_register }) çakışıyor: her sinyal kendi register'larında olmalı
cfg-expect-code-register = kodları içeren bir register, örneğin { $example }
cfg-expect-code-table = kod = ad biçiminde bir tablo, örneğin { $example }
cfg-code-number = { $what }: `{ $map }` içindeki `{ $code }` kodu: beklenen 0'dan büyük bir tam sayı (0, kod yok demektir)
cfg-code-name = { $what }: kod { $code } = { $got }: beklenen tırnak içinde bir ad
cfg-code-too-big = { $what }: { $code } kodu bir { $type } register'ından gelemez (en fazla { $max }): beklenen register'ın tutabileceği kodlar
cfg-expect-process-name = "oil_temp" gibi bir ad
cfg-process-name = { $what }: `name` = "{ $got }": beklenen yalnızca harfler, rakamlar, "_" ve "-"
cfg-expect-deadband = değerin yeniden kaydedilmesi için ne kadar değişmesi gerektiği; kendi biriminde, 0 veya daha fazla
cfg-low-high = { $machine } proses: `low` = { $low }, `high` = { $high } değerinden küçük değil: beklenen low < high
cfg-expect-task = yapılacak iş, örneğin "Ana rulmanı yağla"
cfg-expect-component = bileşen, örneğin "main-bearing"
cfg-plan-every = { $what }: beklenen `every_run_hours`, `every_cycles`, `every_days` içinden tam olarak biri
cfg-expect-run-hours = 0'dan büyük çalışma saati
cfg-int-parts = { $lo } ile { $hi } arasında tam sayı olarak parça adedi
cfg-password-in-file = { $what }: parola asla takt.toml içinde tutulmaz (her yedekte ve yapılandırma geçmişinde yer alırdı): `password_env = "TAKT_PASSWORD"` (bir ortam değişkeni) veya `password_file = "/etc/takt/password"` ayarlayın
cfg-both-passwords = { $what }: hem `password_env` hem `password_file` var: beklenen yalnızca biri
cfg-expect-url = "{ $example }" gibi bir URL
cfg-url-invalid = { $what } "{ $got }": { $error }: beklenen { $expected }
cfg-url-scheme = { $what } "{ $got }": { $scheme }:// şeması Takt'ın burada desteklediği bir şema değil: beklenen { $expected }
cfg-url-no-host = { $what } "{ $got }": host yok: beklenen { $expected }
cfg-url-password = { $what }: URL bir parola içeriyor, parola ise asla takt.toml içinde tutulmaz: parolayı kaldırın ve `password_env` veya `password_file` ayarlayın
cfg-expect-broker-url = broker'ın URL'si, örneğin "mqtt://broker.plant.example:1883"
cfg-mqtt-url-extra = [mqtt]: `url` "{ $got }": beklenen yalnızca şema, host ve port (kullanıcı `user` içine, konular `topic_prefix` içine yazılır)
cfg-mqtt-client-id = [mqtt]: `client_id`: beklenen en fazla 128 yazdırılabilir karakter, örneğin "takt-bursa"
cfg-mqtt-topic-prefix = [mqtt]: `topic_prefix` "{ $got }": beklenen joker karakter (+, #) içermeyen, başında ya da sonunda "/" olmayan, "/" ile birleştirilmiş konu seviyeleri, örneğin "acme/bursa/takt"
cfg-int-seconds = { $lo } ile { $hi } arasında tam sayı olarak saniye
cfg-mqtt-password-without-user = [mqtt]: `user` olmadan parola: beklenen ayrıca `user = "takt"`
cfg-expect-postgres-url = veritabanının URL'si, örneğin "postgresql://takt@db.example/company"
cfg-postgres-no-database = [central]: `postgres` "{ $got }": veritabanı yok: beklenen "postgresql://takt@db.example/company"
cfg-expect-listen = dinlenecek adres ve port, örneğin "0.0.0.0:8080"
cfg-display-listen = [display]: `listen` = "{ $got }": beklenen "0.0.0.0:8080" (tesis ağı) ya da "127.0.0.1:8080" (yalnızca bu bilgisayar) gibi bir adres ve port
cfg-display-token = [display]: `token`: beklenen en az { $min } harf, rakam, "-" ya da "_" (boş bırakılırsa `takt check` bir tane yazar)
cfg-display-open = [display]: `listen` = "{ $listen }" tesis ağına şifresiz HTTP ile hizmet veriyor, anahtar yolda okunabilir: o ağı kapalı tutun ya da bir TLS vekil sunucusunun arkasında "127.0.0.1:8080" üzerinde dinleyin
cfg-display-tls-pair = [display]: `cert` ve `key` birlikte verilir: ikisi de (HTTPS) ya da hiçbiri (düz HTTP) beklenir
cfg-what-operator-name = operatör adı
cfg-expect-operator-name = her girişin kaydedileceği bir ad ("Ayşe Kaya")
cfg-operator-pin = { $what }: `pin`: { $min } ile { $max } arası rakam beklenir
cfg-operator-pin-plain = { $what }: PIN takt.toml'da yazıldığı gibi duruyor: `takt check` onu özetiyle (`pin_hash`) değiştirir
cfg-operator-pin-hash = { $what }: `pin_hash`: `takt check`'in yazdığı gibi bir Argon2id özeti beklenir ("$argon2id$..."); yeni bir PIN için `pin = "..."` yazın
cfg-operator-no-pin = { $what }: bir `pin` (rakamlar; `takt check` özetler) ya da `pin_hash` beklenir
cfg-operator-two-pins = { $what }: `pin` ya da `pin_hash` beklenir, ikisi birden değil
cfg-operator-no-display = [[operator]]: operatörler [display] tabletlerinden girer, ama [display] yok

## Operators at the display's tablets
operator-wrong-pin = yanlış ad ya da PIN (bu tablet bir dakika kilitlenmeden önce { $left } deneme kaldı)
operator-locked = çok fazla yanlış PIN: bu tablet { $secs } saniye daha kilitli

## Hat başındaki tablet (ekranın /line/AD adresi)
tablet-title = Hat { $line }
tablet-no-line = "{ $line }" hattında makine yok, bu kimlikte bir makine de yok: adresi kontrol edin
tablet-operator = Operatör
tablet-pick-operator = – adınız –
tablet-pin = PIN
tablet-sign-hint = Her giriş adınızla kaydedilir; bir sonraki için PIN yeniden sorulur.
tablet-sign-first = Önce adınızı seçip PIN'inizi yazın
tablet-saved = { $what } ({ $operator } tarafından)
tablet-stops = Son { $hours } saatin duruşları
tablet-no-stops = Bu sürede duruş yok.
