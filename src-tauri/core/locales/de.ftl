# Takt auf Deutsch. Jeder Schlüssel steht auch in en.ftl und tr.ftl (ein Test hält sie gleich).

## Seiten
page-plant = Werk
page-machine = Maschine
page-stops = Stillstände
page-maintenance = Wartung
page-reports = Berichte
page-settings = Einstellungen

## Tage und Monate
day-mon = Mo
day-tue = Di
day-wed = Mi
day-thu = Do
day-fri = Fr
day-sat = Sa
day-sun = So
month-1 = Januar
month-2 = Februar
month-3 = März
month-4 = April
month-5 = Mai
month-6 = Juni
month-7 = Juli
month-8 = August
month-9 = September
month-10 = Oktober
month-11 = November
month-12 = Dezember

## Der Rahmen des Fensters
app-loading = Wird geladen…
app-pages = Seiten
app-recorder-title = Dieses Fenster ist ein Client des Prozesses, der die Datenbank aufzeichnet: Eingaben schreibt dieser
app-recorded-by = aufgezeichnet von { $recorder }
app-floor-title = Vollbildansicht des Werks für einen Fernseher in der Halle
app-floor = Hallenanzeige
app-leave-floor = Anzeige verlassen

## A machine's state, beside its colour
state-running = läuft
state-down = steht
state-planned = geplanter Stillstand
state-no-data = keine Daten
state-waiting = wartet

## Die Live-Tabelle im Terminal
term-stop-hint = Strg-C beendet
term-machine = Maschine
term-state = Zustand
term-since = seit
term-reason = Grund
term-shift = Schicht
term-parts = Teile

## Kennzahlen (die erste Seite des PDF, die Vorschau des Fensters, die E-Mail)
kf-key-figure = Kennzahl
kf-this-period = dieser Zeitraum
kf-period-before = der Zeitraum davor
kf-oee = OEE
kf-availability = Verfügbarkeit
kf-performance = Leistung
kf-quality = Qualität
kf-parts = Teile
kf-good-parts = Gutteile
kf-down-time-s = Stillstandszeit, s
kf-breakdowns = Störungen
kf-setups = Rüsten
kf-small-stops = Kurzstillstände
kf-reduced-speed = verringerte Geschwindigkeit
kf-production-rejects = Ausschuss in der Produktion
kf-startup-rejects = Anlaufausschuss
kf-largest-losses = größte Verluste
kf-this-period-s = dieser Zeitraum, s
kf-period-before-s = der Zeitraum davor, s
kf-top-stop-reasons = häufigste Stillstandsgründe
kf-stops = Stillstände
kf-duration-s = Dauer_s

## Berichtstitel
title-oee = OEE
title-downtime = Stillstand
title-scrap = Ausschuss
title-maintenance = Wartung
title-condition-trends = Zustandstrends
title-energy = Energie
title-process-alarms = Prozessalarme
title-process-capability = Prozessfähigkeit
title-what-drives-scrap = Was Ausschuss treibt
title-maintenance-due = Fällige Wartung
title-maintenance-log = Wartungsprotokoll

## PDF-Berichte und ihre E-Mail
pdf-report = Bericht { $title }
pdf-report-of = Bericht { $title } von { $plant }, { $period }
pdf-made-by = Erstellt von Takt am { $time }
pdf-page-header = { $plant }: Bericht { $title }, { $period }
pdf-period = { $from } bis { $to } ({ $tz })
mail-attached = Anhänge: { $files }.
mail-made-by = Erstellt von Takt am { $time }.

## Einstellungsseite
settings-title = Einstellungen
settings-tab-machines = Maschinen
settings-tab-plant = Werk
settings-tab-shifts = Schichten
settings-tab-calendar = Kalender
settings-tab-products = Produkte
settings-tab-reasons = Gründe
settings-tab-plans = Wartungspläne
settings-tab-text = takt.toml
settings-text-intro = { $path } — Schichten, Produkte, Gründe und Maschinen. Wird vor dem Speichern wie mit takt check geprüft.
settings-machines-title = Maschinen
settings-col-id = ID
settings-col-name = Name
settings-col-line = Linie
settings-col-connection = Verbindung
settings-col-read-once = Einmal lesen
settings-reading = wird gelesen…
settings-test = Testen
settings-test-title = Jedes Signal einmal lesen, wie takt check
settings-copy = Kopieren…
settings-copy-title = Eine neue Maschine mit denselben Signalen und Plänen
settings-add-machine = Maschine hinzufügen…

## Maschine kopieren
copy-added = { $id } mit den Signalen von { $from } hinzugefügt.
copy-legend = Eine Kopie von { $from }: dieselben Signale und Pläne
copy-new-id = Neue ID
copy-name = Name
copy-name-hint = Presse 2
copy-address = Adresse (Host:Port oder serielle Schnittstelle)
copy-unit = Unit-ID (leer: dieselbe)
copy-save = Prüfen und hinzufügen
copy-cancel = Abbrechen

## Registertabelle importieren
map-title = Registertabelle importieren
map-help = Eine CSV-Datei mit den Spalten signal, table, address, type, word_order, scale, unit, low, high: Die Signale kommen in [machine.signals] der Maschine und werden wie mit takt check geprüft.
map-machine = Maschine
map-file = Datei
map-paste = oder hier einfügen
map-preview = Prüfen und Vorschau anzeigen
map-save = In takt.toml speichern
map-saved = Gespeichert: Takt fragt diese Signale jetzt ab.
map-not-saved = Noch nichts gespeichert: So wird die Maschine sie haben.
map-col-line = Zeile
map-col-signal = Signal
map-col-register = Register
map-col-limits = Einheit und Grenzen
map-replaces = ersetzt
map-new = neu

## Alle Einstellungsformulare
form-saved = Gespeichert. Takt fragt jetzt mit der neuen Konfiguration ab.
form-save = Prüfen und speichern
form-signal-name-missing = erwartet: ein Signalname: running, total_count, ... oder der Name eines Prozesswerts
form-test-registers = Register { $words }
form-test-bad-reading = fehlerhafter Messwert

## Das Werk
plant-form-title = Werk
plant-form-name = Name
plant-form-name-hint = Werk 1
plant-form-timezone = Zeitzone (zum Suchen tippen)
plant-form-microstop = Kurzstillstände unter, s
plant-form-language = Sprache, Datum und Zahlen
plant-form-language-computer = die des Computers
plant-form-energy-price = Energiepreis pro kWh

## Schichten
shifts-week-label = Die Schichten einer Woche
shifts-block = { $name } { $from }–{ $to }
shifts-block-from-before = { $words }, vom Vortag
shifts-block-past-midnight = { $words }, über Mitternacht hinaus
shifts-block-break = Pause { $from }–{ $to }
shifts-title = Schichten
shifts-new-name = Schicht { $n }
shifts-add = Schicht hinzufügen
shifts-legend = Schicht { $name }
shifts-name = Name
shifts-name-hint = Früh
shifts-start = Beginn (HH:MM)
shifts-end = Ende (HH:MM; vor dem Beginn: am nächsten Tag)
shifts-remove = Diese Schicht entfernen
shifts-days = Beginnt am
shifts-breaks = Pausen
shifts-break-at = Pause um (HH:MM)
shifts-break-minutes = Minuten
shifts-remove-break = Pause entfernen
shifts-add-break = Pause hinzufügen

## Kalender
calendar-holiday = Feiertag
calendar-only = nur { $shifts }
calendar-title = Kalender
calendar-help = Feiertage, verkürzte Tage und Überstunden: Wählen Sie einen Tag, um ihm eine Ausnahme vom Schichtplan zu geben.
calendar-previous = Vorheriger Monat
calendar-next = Nächster Monat
calendar-day-label = { $weekday }, { $day }. { $month }: { $plan }
calendar-no-shift = keine Schicht
calendar-exceptions = Ausnahmen
calendar-date = Datum (JJJJ-MM-TT)
calendar-that-day = An diesem Tag
calendar-mode-normal = die üblichen Schichten
calendar-mode-holiday = ein Feiertag: keine Schicht
calendar-mode-only = nur diese Schichten
calendar-remove = Diese Ausnahme entfernen
calendar-overtime-from = Überstunden von (HH:MM)
calendar-overtime-to = bis (HH:MM)
calendar-remove-overtime = Überstunden entfernen
calendar-add-overtime = Überstunden hinzufügen

## Produkte
products-title = Produkte
products-id = ID
products-name = Name
products-name-hint = Halter A
products-ideal-cycle = Idealzyklus, s pro Teil
products-unit-cost = Kosten pro Teil
products-remove = Entfernen
products-add = Produkt hinzufügen

## Gründe
reasons-title = Gründe
reasons-help = Ein Baum nach dem „/“ im Code: mech/bearing liegt unter mech. Verschieben Sie einen Grund, indem Sie seinen Zweig ändern.
reasons-code = Code
reasons-name = Name
reasons-name-hint = Lagerschaden
reasons-kind = Art
reasons-loss = Verlust
reasons-kind-downtime = Stillstand
reasons-kind-scrap = Ausschuss
reasons-kind-rework = Nacharbeit
reasons-kind-planned = geplanter Stillstand
reasons-loss-breakdown-default = Störung (Standard)
reasons-loss-breakdown = Störung
reasons-loss-setup = Rüsten
reasons-loss-production-default = Produktion (Standard)
reasons-loss-production = Produktion
reasons-loss-startup = Anlauf
reasons-remove = Entfernen
reasons-add = Grund hinzufügen

## Wartungspläne
plans-every-run-hours = Betriebsstunden
plans-every-cycles = Zyklen
plans-every-days = Tage
plans-title = Wartungspläne
plans-machine = Maschine
plans-task = Aufgabe
plans-task-hint = Hauptlager schmieren
plans-component = Komponente
plans-every = Alle
plans-how-many = Wie viele
plans-remove = Entfernen
plans-add = Plan hinzufügen

## Maschine hinzufügen
add-title = Maschine hinzufügen
add-id = ID (unter ihr wird die Historie geführt)
add-name = Name
add-name-hint = Presse 1
add-ideal = Ideale Zykluszeit, s pro Teil
add-connection = Verbindung
add-rtu = Modbus RTU (seriell)
add-serial-port = Serielle Schnittstelle
add-address = Adresse (Host:Port)
add-baud = Baudrate
add-unit = Unit-ID
add-signals = Signale
add-col-signal = Signal
add-col-table = Tabelle
add-col-address = Adresse
add-col-type = Typ
add-col-word-order = Wortreihenfolge
add-col-read = Lesen
add-aria-signal = Signal
add-aria-register = Register
add-aria-table = Tabelle
add-aria-type = Typ
add-aria-word-order = Wortreihenfolge
add-test = Testen
add-reading = wird gelesen…
add-add-signal = Signal hinzufügen
add-save = Prüfen und in takt.toml speichern
add-cancel = Abbrechen

## Erster Start
first-run-title = Willkommen bei Takt
first-run-intro = Es ist noch kein Werk eingerichtet. Sehen Sie Takt an einem simulierten Werk bei der Arbeit, oder verbinden Sie Ihre erste Maschine.
first-run-demo = Demo-Werk öffnen
first-run-demo-starting = Sechs simulierte Maschinen werden gestartet und zwei Wochen ihrer Historie geschrieben…
first-run-demo-text = Sechs simulierte Maschinen auf diesem Computer, wie echte über Modbus abgefragt, mit zwei Wochen Historie.
first-run-add = Ihre erste Maschine hinzufügen
first-run-add-text = Die Adresse der Maschine im Netzwerk oder an der seriellen Leitung und wo ihre Signale liegen. Testen Sie jedes Signal vor dem Speichern.

## Die Seite Maschine
machine-field-machine = Maschine
machine-field-period = Zeitraum
machine-range-today = Heute
machine-range-yesterday = Gestern
machine-range-week = Letzte 7 Tage
machine-charts = Diagramme
machine-oee = OEE
machine-availability = Verfügbarkeit
machine-performance = Leistung
machine-quality = Qualität
machine-parts-summary = { $total } Teile, { $good } Gutteile, { $reject } Ausschuss; Laufzeit { $run } von { $planned } geplant.
machine-six-big-losses = Die sechs großen Verluste
machine-loss-breakdowns = Störungen
machine-loss-setups = Rüsten
machine-loss-small-stops = Kurzstillstände
machine-loss-reduced-speed = Verringerte Geschwindigkeit
machine-loss-production-rejects = Ausschuss in der Produktion
machine-loss-startup-rejects = Anlaufausschuss
machine-process-values = Prozesswerte
machine-col-value = Wert
machine-col-now = Aktuell
machine-col-lowest = Tiefstwert
machine-col-highest = Höchstwert
machine-col-limits = Grenzwerte
machine-limits-range = { $low } bis { $high }
machine-alarms = Alarme
machine-alarms-none = Kein Wert hat in diesem Zeitraum seine Grenzen verlassen.
machine-col-limit = Grenze
machine-col-worst = Schlechtester Wert
machine-col-from = Von
machine-col-to = Bis
machine-col-for = Dauer
machine-alarm-now = andauernd
machine-energy = Energie
machine-kwh-per-good = kWh pro Gutteil
machine-idle-share = Im Stillstand verbraucht
machine-energy-summary = { $run } kWh im Betrieb, { $idle } kWh im Stillstand, { $away } kWh ohne Erfassung durch Takt; { $good } Gutteile.

## Die Seite Anlage
plant-starting-demo = Die Demo-Anlage startet: simulierte Maschinen auf diesem Computer und zwei Wochen ihres Verlaufs…
plant-waiting = Warten auf die ersten Messwerte…
plant-since = seit { $time } · { $duration }
plant-shift = Schicht { $shift }
plant-alarm-above = Alarm: { $signal } über { $limit } { $unit } seit { $time }
plant-alarm-below = Alarm: { $signal } unter { $limit } { $unit } seit { $time }
plant-alarm-worst = schlechtester Wert { $worst } { $unit }
plant-maintenance-title = Wartung: siehe Seite Wartung
plant-maintenance-badge = Wartung: { $alert }
plant-parts-this-shift = Teile in dieser Schicht
plant-oee-this-shift = OEE in dieser Schicht
plant-this-shift = Diese Schicht, { $from }–{ $to }

## Diagramme des Fensters
chart-limit-high = oben
chart-limit-low = unten
chart-no-readings = Keine Messwerte in diesem Zeitraum.
chart-alarm-span = Grenze { $kind }: { $worst } ab { $time }
chart-process-label = Minutenmittelwerte von { $name } mit Grenzwerten

## Charts of the reports (the PDF, `takt chart`, the window's preview)
chart-no-data = Keine Daten in diesem Zeitraum.
chart-axis-shift = Schicht (Werkszeit)
chart-axis-day = Tag (Werkszeit)
chart-axis-week = Woche (Werkszeit)
chart-oee-trend = OEE mit Verfügbarkeit, Leistung und Qualität
chart-losses = Die sechs großen Verluste: von der geplanten Produktionszeit zur voll produktiven Zeit
chart-planned-time = geplante Zeit
chart-rejects = Ausschuss
chart-startup-rejects = Anlaufausschuss
chart-productive-time = produktive Zeit
chart-hours = Stunden
chart-downtime-pareto = Ungeplante Stillstandszeit nach Grund
chart-scrap-by-reason = Ausschussteile nach Grund
chart-scrap-by-product = Ausschussteile nach Produkt
chart-reason = Grund
chart-product = Produkt
chart-parts = Teile
chart-other = sonstige ({ $n })
chart-cumulative = kumuliert %
chart-energy-trend = Energie je Gutteil
chart-kwh-per-good = kWh je Gutteil
chart-weibull = { $machine } { $component }: Weibull-Wahrscheinlichkeitsnetz
chart-life-run-hours = Lebensdauer, Betriebsstunden (log. Skala)
chart-life-calendar-hours = Lebensdauer, Kalenderstunden (log. Skala)
chart-unreliability = Ausfallwahrscheinlichkeit F, % (Weibull-Skala)
chart-fit = Anpassung: Beta { $beta }, Eta { $eta } h
chart-bounds = { $confidence }-Vertrauensgrenzen
chart-failures = Ausfälle (Median-Ränge)
chart-condition = { $machine } { $signal }: Zustandstrend
chart-plant-time = Werkszeit
chart-hourly-mean = Stundenmittel
chart-trend = Trend
chart-beyond-limit = jenseits der Grenze { $limit } seit { $time }
chart-crosses-limit = überschreitet die Grenze { $limit } am { $time }

## Die Seite Wartung
maint-working = Lebensdauermodelle werden berechnet…
maint-tasks-due = Fällige Aufgaben
maint-log-title = Wartung erfassen
maint-forecasts = Ausfallprognosen je Bauteil
maint-forecasts-note = Weibull-Lebensdauermodelle, angepasst an die Lebensdauern jedes Bauteils (Ausfälle; Austausch vor dem Ausfall und das eingebaute Teil gelten als zensiert), mit 90-%-Vertrauensgrenzen.
maint-fig-shape = Formparameter β
maint-fig-scale = Skalenparameter η, h
maint-fig-b10 = B10-Lebensdauer, h
maint-fig-mtbf = MTBF, h
maint-fig-mttr = MTTR, h
maint-fig-risk-30 = Ausfallrisiko in 30 Tagen
maint-fig-next-due = Fällig nach Risiko oder Plan
maint-growth = Ausfalltrend je Maschine (Crow-AMSAA)
maint-conditions = Zustandstrends
maint-beyond-high = seit { $time } über der oberen Grenze
maint-beyond-low = seit { $time } unter der unteren Grenze
maint-cross-high = erreicht die obere Grenze voraussichtlich { $time } (zwischen { $earliest } und { $latest })
maint-cross-low = erreicht die untere Grenze voraussichtlich { $time } (zwischen { $earliest } und { $latest })
maint-beyond-a-year = mehr als einem Jahr
maint-last-hour = letzte Stunde { $last } { $unit }, Trend { $slope } { $unit }/Tag
maint-log-30 = Das Protokoll, letzte 30 Tage
maint-no-plans = Keine Wartungspläne: Fügen Sie einer Maschine unter Einstellungen [[machine.maintenance]]-Tabellen hinzu.
maint-col-task = Aufgabe
maint-col-machine = Maschine
maint-col-progress = Fortschritt
maint-col-used = Verbraucht
maint-col-due = Fällig
maint-used = { $since } von { $every } { $unit }
maint-unit-run-h = Betriebsstunden
maint-unit-cycles = Zyklen
maint-unit-days = Tagen
maint-overdue-since = überfällig seit { $time }
maint-field-machine = Maschine
maint-field-component = Bauteil
maint-field-kind = Was wurde gemacht
maint-kind-service = Wartung (Arbeit laut Plan)
maint-kind-inspection = Inspektion
maint-kind-replacement = Austausch vor dem Ausfall
maint-kind-failure = Ausfall (repariert oder ersetzt)
maint-field-when = Wann
maint-field-minutes = Minuten
maint-field-note = Notiz
maint-log-button = Erfassen
maint-at-invalid = at: Datum und Uhrzeit erwartet
maint-logged-service = Wartung von { $component } an { $machine } erfasst.
maint-logged-inspection = Inspektion von { $component } an { $machine } erfasst.
maint-logged-replacement = Austausch von { $component } an { $machine } erfasst.
maint-logged-failure = Ausfall von { $component } an { $machine } erfasst.
maint-logged-event = Ereignis zu { $component } an { $machine } erfasst.
maint-no-lives = Noch keine Lebensdauern zum Darstellen.
maint-failed-after = ausgefallen nach { $hours } h
maint-suspended-at = zensiert bei { $hours } h
maint-plot-label = Weibull-Wahrscheinlichkeitsnetz von { $component }: Ausfälle { $failures }, zensiert { $suspensions }
maint-life-h = Lebensdauer, h
maint-no-readings = Keine Messwerte im Zeitfenster.
maint-crosses-at = Grenze erreicht: { $time }
maint-trend-label = Stundenmittelwerte von { $signal } mit Grenzwerten und Trend
maint-chart-now = jetzt

# Die Seiten Berichte und Stillstände, die Berichtstabellen und die Formate des Fensters, auf Deutsch.

## Reports page
reports-report = Bericht
reports-from = Von
reports-to = Bis
reports-to-excluded = Bis (ausschließlich)
reports-bad-date = { $field }: erwartet wird ein Datum wie 2026-11-24
reports-machine = Maschine
reports-all-machines = Alle Maschinen
reports-by = Gruppieren nach
reports-by-none = – (keine: eine Zeile je Stillstand, Ereignis, Wert) –
reports-by-shift = Schicht
reports-by-day = Tag
reports-by-week = Woche
reports-by-machine = Maschine
reports-by-product = Produkt
reports-by-reason = Grund
reports-preview = Vorschau
reports-save-csv = Als CSV speichern…
reports-save-pdf = Als PDF speichern…
reports-computing = Wird berechnet…
reports-rows = { $count } Zeilen
reports-saved = Gespeichert: { $path }
reports-not-saved = Nicht gespeichert
reports-first-page = Erste Seite des PDF
reports-title = Bericht: { $title }
reports-period = { $from } bis { $to }
reports-kind-oee = OEE
reports-kind-downtime = Stillstände
reports-kind-scrap = Ausschuss
reports-kind-energy = Energie
reports-kind-alarms = Prozessalarme
reports-kind-process = Prozessfähigkeit
reports-kind-quality-drivers = Was Ausschuss verursacht
reports-kind-maintenance = Instandhaltung
reports-kind-condition = Zustandstrends

## Stops page
stops-only-uncoded = Nur Stillstände ohne Grund
stops-last-day = Die letzten 24 Stunden.
stops-machine = Maschine
stops-from = Beginn
stops-length = Dauer
stops-kind = Art
stops-reason = Grund
stops-kind-down = Stillstand
stops-kind-small-stop = Kurzstillstand
stops-kind-planned = geplant
stops-reason-label = Grund
stops-pick-reason = – Grund wählen –
stops-reason-planned = { $name } ({ $code }), geplant
stops-save = Speichern
stops-split = Teilen…
stops-split-title = Der Stillstand hatte zwei Ursachen: dort teilen, wo die zweite begann
stops-split-at-label = teilen um
stops-split-here = Hier teilen
stops-bad-split = Teilen um: erwartet wird eine Uhrzeit zwischen { $from } und { $to }, etwa 14:05:30
stops-split-done = { $machine } um { $time } geteilt
stops-reason-saved = { $machine } um { $time }: { $reason }
stops-entered-by = von { $operator }
stops-scrap = Ausschuss
stops-parts = Teile
stops-none = – keine Angabe –
stops-product = Produkt
stops-record-scrap = Ausschuss erfassen
stops-bad-quantity = Menge: erwartet wird eine ganze Zahl von Teilen
stops-scrap-recorded = { $quantity } Ausschussteile erfasst

## Report tables: the key figures' rows
table-figure-oee = OEE
table-figure-availability = Verfügbarkeit
table-figure-performance = Leistung
table-figure-quality = Qualität
table-figure-parts = Teile
table-figure-good-parts = Gutteile
table-figure-down-time-s = Stillstandszeit
table-figure-breakdowns = Ausfälle
table-figure-setups = Rüsten
table-figure-small-stops = Kurzstillstände
table-figure-reduced-speed = Reduzierte Geschwindigkeit
table-figure-production-rejects = Produktionsausschuss
table-figure-start-up-rejects = Anlaufausschuss

## Values in the window
fmt-yes = ja
fmt-no = nein

## Report columns (CSV names in words)
col-machine = Maschine
col-period-start = Zeitraumbeginn
col-period-end = Zeitraumende
col-planned-s = Geplante Zeit
col-run-s = Laufzeit
col-down-s = Stillstandszeit
col-total = Gesamt
col-good = Gut
col-reject = Ausschuss
col-availability = Verfügbarkeit
col-performance = Leistung
col-quality = Qualität
col-oee = OEE
col-period = Zeitraum
col-product = Produkt
col-teep = TEEP
col-all-s = Gesamtzeit
col-scheduled-s = Eingeplante Zeit
col-planned-stop-s = Geplanter Stillstand
col-no-data-s = Ohne Daten
col-breakdowns-s = Ausfälle
col-setups-s = Rüsten
col-small-stops-s = Kurzstillstände
col-reduced-speed-s = Reduzierte Geschwindigkeit
col-production-rejects-s = Produktionsausschuss
col-startup-rejects-s = Anlaufausschuss
col-failures = Anzahl Ausfälle
col-mtbf-s = MTBF
col-mttr-s = MTTR
col-no-data-total = Gesamt ohne Daten
col-unscheduled-total = Gesamt außerhalb des Plans
col-reject-cost = Ausschusskosten
col-flags = Hinweise
col-allocation-efficiency = Belegungseffizienz
col-utilisation-efficiency = Nutzungseffizienz
col-technical-efficiency = Technische Effizienz
col-setup-rate = Rüstanteil
col-nee = NEE
col-throughput-per-h = Durchsatz pro Stunde
col-first-pass-yield = Erstausbeute
col-scrap-ratio = Ausschussquote
col-rework-ratio = Nacharbeitsquote
col-rework = Nacharbeit
col-mttf-s = MTTF
col-mttr-stop-s = MTTR (Stillstand)
col-corrective-maintenance-ratio = Anteil korrektive Instandhaltung
col-kwh = kWh
col-kwh-per-good = kWh pro Gutteil
col-start = Beginn
col-end = Ende
col-duration-s = Dauer
col-reason = Grund
col-kind = Art
col-stop-start = Stillstandsbeginn
col-on-break = In der Pause
col-group = Gruppe
col-stops = Stillstände
col-small-stops = Kurzstillstände
col-small-stop-s = Kurzstillstandszeit
col-planned-stops = Geplante Stillstände
col-scrap-rate = Ausschussrate
col-cost = Kosten
col-run-kwh = kWh im Lauf
col-idle-kwh = kWh im Stillstand
col-no-data-kwh = kWh ohne Daten
col-kwh-per-run-h = kWh pro Laufstunde
col-idle-share = Stillstandsanteil
col-cost-per-good = Kosten pro Gutteil
col-signal = Signal
col-limit = Grenzwert
col-worst = Extremwert
col-unit = Einheit
col-open = Offen
col-n = N
col-mean = Mittelwert
col-sd = Std.-Abw.
col-min = Min
col-max = Max
col-low = Unten
col-high = Oben
col-cp = Cp
col-cpk = Cpk
col-out-of-limit-s = Außerhalb der Grenzen
col-band = Band
col-minutes = Minuten
col-reject-rate = Ausschussrate
col-ratio-to-best = Verhältnis zum besten
col-significant = Signifikant
col-p-value = p-Wert
col-component = Komponente
col-suspensions = Zensiert
col-weibull-beta = Weibull-Beta
col-weibull-eta-h = Weibull-Eta (h)
col-mtbf-h = MTBF (h)
col-mttr-h = MTTR (h)
col-b10-h = B10 (h)
col-p-fail-30d = Ausfallwahrscheinlichkeit 30 Tage
col-next-due = Nächste Fälligkeit
col-beta-lo = Beta unten
col-beta-hi = Beta oben
col-eta-lo = Eta unten
col-eta-hi = Eta oben
col-b10-lo = B10 unten
col-b10-hi = B10 oben
col-mttf-h = MTTF (h)
col-life-basis = Lebensdauerbasis
col-note = Hinweis
col-amsaa-beta = AMSAA-Beta
col-amsaa-lambda = AMSAA-Lambda
col-amsaa-mtbf-h = AMSAA-MTBF (h)
col-trend = Trend
col-last = Letzter Wert
col-slope-per-day = Steigung pro Tag
col-cross-at = Überschreitung
col-cross-earliest = Frühestens
col-cross-latest = Spätestens
col-points = Punkte
col-beyond = Überschritten
col-trend-from = Trend ab
col-task = Aufgabe
col-every = Intervall
col-since-last = Seit dem letzten Mal
col-remaining = Verbleibend
col-due-at = Fällig am
col-overdue = Überfällig
col-counted-from = Gezählt ab
col-time = Zeit
col-duration-min = Dauer (min)
col-key-figure = Kennzahl
col-this-period = Dieser Zeitraum
col-the-period-before = Vorheriger Zeitraum
col-largest-losses = Größte Verluste
col-this-period-s = Dieser Zeitraum
col-the-period-before-s = Vorheriger Zeitraum
col-top-stop-reasons = Wichtigste Stillstandsgründe

## The window's backend
gui-no-plant = noch kein Werk eingerichtet: das Demo-Werk öffnen oder eine Maschine hinzufügen
gui-not-recording = Takt zeichnet nicht auf: nichts, worin der Eintrag gespeichert werden kann

## Settings refused
settings-refused-attached = { $holder } zeichnet dieses Werk mit { $file } auf: diese Datei ändern und neu starten (`systemctl restart takt` für den Dienst); dieses Fenster zeigt dann das neue Werk
import-and-more = und { $n } weitere

## A maintenance event refused (the Maintenance page, takt maintenance log, takt import maintenance)
import-nothing = nichts
import-no-machine = erwartet: die ID einer [[machine]] der Konfiguration, eingegeben { $got }{ $hint }
import-no-component = erwartet: der Name des Bauteils, wie "main-bearing", eingegeben nichts
import-maintenance-kind = erwartet: failure, replacement, service oder inspection, eingegeben { $got }
import-duration = erwartet: Minuten von 0 bis { $max } (ein Jahr), wie 45, eingegeben { $got }
log-future = at: { $at } liegt in der Zukunft (jetzt { $now }): erwartet: die Zeit, zu der die Arbeit gemacht wurde
log-duplicate-failure = ein Ausfall von "{ $component }" um { $at } ist für { $machine } schon erfasst: erwartet: jedes Ereignis einmal
log-duplicate-replacement = ein Tausch von "{ $component }" um { $at } ist für { $machine } schon erfasst: erwartet: jedes Ereignis einmal
log-duplicate-service = eine Wartung von "{ $component }" um { $at } ist für { $machine } schon erfasst: erwartet: jedes Ereignis einmal
log-duplicate-inspection = eine Inspektion von "{ $component }" um { $at } ist für { $machine } schon erfasst: erwartet: jedes Ereignis einmal

## An operator's entry refused (the Stops page, takt stops)
entry-no-machine = keine Maschine "{ $machine }" in der Konfiguration{ $hint }
entry-not-a-stop-reason = "{ $reason }" ist kein Stillstandsgrund und kein geplanter Stillstand der Konfiguration{ $hint }
entry-not-a-scrap-reason = "{ $reason }" ist kein Ausschussgrund der Konfiguration{ $hint }
entry-no-product = "{ $product }" ist kein Produkt der Konfiguration{ $hint }
entry-no-stop = { $machine } stand um { $at } nicht still: erwartet: eine Zeit in einem seiner Stillstände (siehe `takt report downtime`)
entry-outside-stop = erwartet: eine Zeit im Stillstand, zwischen { $from } und { $to }
entry-no-quantity = erwartet: 1 bis { $max } Teile, eingegeben { $got }

## A register map's problems (takt import register-map, the Machines tab)
map-column-twice = die Spalte "{ $column }" steht zweimal in der Kopfzeile
map-no-column = keine Spalte "{ $column }"{ $hint }: erwartet: die Kopfzeile { $header }
map-header-lacks = der Kopfzeile fehlt "{ $column }": erwartet: { $header }
map-signal-empty = leer: erwartet: running, total_count, reject_count, fault_code, product_code, energy_kwh oder der Name eines Prozesswerts
map-signal-again = "{ $signal }" noch einmal: steht schon in Zeile { $line }
map-table-empty = leer: erwartet: die Tabelle des Signals
map-address-empty = leer: erwartet: die Adresse des Signals
map-file-empty = die Datei ist leer: erwartet: eine Kopfzeile { $header }

## The config's findings (`takt check`, the forms of the Settings page)
cfg-missing = { $what }: `{ $key }` fehlt; erwartet: { $expected }
cfg-unknown-key-like = { $what }: unbekannter Schlüssel `{ $key }`; meinten Sie `{ $like }`?
cfg-unknown-key = { $what }: unbekannter Schlüssel `{ $key }`; erwartet: einer von { $known }
cfg-kind-string = eine Zeichenkette
cfg-kind-integer = eine ganze Zahl
cfg-kind-number = eine Zahl
cfg-kind-boolean = ein Wahrheitswert
cfg-kind-datetime = ein Datum mit Uhrzeit
cfg-kind-array = ein Array
cfg-kind-table = eine Tabelle
cfg-wrong = { $what }: `{ $key }` = { $got } ({ $kind }): erwartet: { $expected }
cfg-expect-string = eine nicht leere Zeichenkette in Anführungszeichen
cfg-not-one-of = { $what }: `{ $key }` = "{ $got }": erwartet: { $expected }{ $hint }
cfg-did-you-mean = {" "}(meinten Sie "{ $like }"?)
cfg-or = { $rest } oder { $last }
cfg-int = eine ganze Zahl von { $lo } bis { $hi }
cfg-expect-time-of-day = eine Uhrzeit "HH:MM" wie "06:00"
cfg-toml-syntax = TOML-Syntax: { $error }
cfg-expect-table = eine { $table }-Tabelle
cfg-missing-plant = [plant] fehlt: erwartet: eine [plant]-Tabelle mit `name` und `timezone`
cfg-schedule-no-machine = [[report.schedule]]: Maschine "{ $machine }" gibt es nicht: erwartet: { $expected }
cfg-schedule-email-needs-smtp = [[report.schedule]]: `email` braucht zum Versenden eine [smtp]-Tabelle (host, port, security, user, from)
cfg-no-shift = keine [[shift]]-Tabellen: jede Stunde jedes Tages gilt als eingeplant (24/7); legen Sie Schichten an, um die OEE am Schichtplan zu messen
cfg-no-machine = keine [[machine]]-Tabellen: es wird nichts abgefragt
cfg-expect-schedules = [[report.schedule]]-Tabellen (ein Array von Tabellen)
cfg-expect-strings = ein Array von Zeichenketten in Anführungszeichen
cfg-what-product-id = Produkt-ID
cfg-what-reason-code = Grundcode
cfg-what-shift-name = Schichtname
cfg-what-machine-id = Maschinen-ID
cfg-expect-reports = ein Array von Berichtsnamen wie ["oee", "downtime"]
cfg-reports-empty = { $what }: `reports` ist leer: erwartet: einer oder mehrere von { $expected }
cfg-no-report = { $what }: Bericht "{ $report }" gibt es nicht: erwartet: { $expected }
cfg-expect-schedule-at = "shift-end" oder eine Uhrzeit "HH:MM" in Werkszeit
cfg-schedule-at = { $what }: `at` = { $got }: erwartet: "shift-end" oder eine Uhrzeit "HH:MM" in Werkszeit wie "06:00"
cfg-email-address = { $what }: `email` "{ $got }": erwartet: eine Adresse wie "supervisor@plant.example"
cfg-schedule-nowhere = [[report.schedule]]: kein Ziel für die Zustellung: erwartet: `folder = "reports"`, `email = ["..."]` oder beides
cfg-expect-backup-folder = der Ordner für die täglichen Kopien, wie "backups"
cfg-expect-local-time = eine Uhrzeit "HH:MM" in Werkszeit
cfg-int-copies = Anzahl Kopien als ganze Zahl von { $lo } bis { $hi }
cfg-smtp-password = [smtp]: ein Passwort steht nie in takt.toml (es wäre in jeder Sicherung und im Konfigurationsverlauf): setzen Sie `password_env = "TAKT_SMTP_PASSWORD"` oder `password_file = "/etc/takt/smtp-password"`
cfg-expect-smtp-host = der Hostname des Mailservers
cfg-expect-smtp-from = der Absender, wie "Takt <takt@plant.example>"
cfg-smtp-user-password = [smtp]: `user` braucht ein Passwort: erwartet: `password_env` (eine Umgebungsvariable) oder `password_file`
cfg-expect-tables = { $table }-Tabellen (ein Array von Tabellen)
cfg-duplicate = { $what } "{ $name }" kommt doppelt vor (zuerst definiert in Zeile { $line }): erwartet: { $what } jeweils nur einmal
cfg-expect-plant-name = der Name des Werks, wie "Werk 1"
cfg-expect-timezone = ein IANA-Zeitzonenname wie "Europe/Istanbul"
cfg-expect-microstop = Sekunden von 0 bis 3600, wie 120
cfg-int-days = Tage als ganze Zahl von { $lo } bis { $hi }
cfg-expect-probability = eine Wahrscheinlichkeit größer 0 und kleiner 1, wie 0.10
cfg-expect-price = ein Preis pro kWh von 0 oder mehr, wie 0.12
cfg-plant-id = [plant]: `id`: { $got } ist ungültig: erwartet: Kleinbuchstaben, Ziffern und "-" (wie "istanbul-2")
cfg-plant-language = [plant]: `language` "{ $got }" ist keine Sprache, die Takt spricht: erwartet: "en", "tr" oder "de" (optional mit Region: "de-AT", "en-US")
cfg-timezone-not-string = { $what }: `timezone` = { $got }: erwartet: ein IANA-Zeitzonenname wie "Europe/Istanbul"
cfg-timezone-unknown = { $what }: `timezone` = "{ $got }" ist kein IANA-Zeitzonenname: erwartet: ein Name wie "Europe/Istanbul"{ $hint }
cfg-expect-shift-name = der Name der Schicht, wie "Früh"
cfg-expect-time = eine Uhrzeit "HH:MM"
cfg-break-outside-shift = [[shift]] "{ $shift }": die Pause um { $start } mit { $minutes } min endet nach der Schicht ({ $from }-{ $to }): erwartet: Pausen innerhalb der Schicht
cfg-expect-days = Wochentage wie ["mon", "tue"] (mon, tue, wed, thu, fri, sat, sun)
cfg-days-empty = { $what }: `days` = []: die Schicht läuft nie, außer an [[calendar]]-Tagen, die sie nennen; lassen Sie `days` weg, damit sie jeden Tag läuft
cfg-day-twice = { $what }: `days` enthält "{ $day }" zweimal: erwartet: jeder Tag nur einmal
cfg-expect-list = eine Liste wie { $example }
cfg-expect-break-minutes = die Länge der Pause in Minuten
cfg-int-minutes = Minuten als ganze Zahl von { $lo } bis { $hi }
cfg-expect-product-id = eine Produkt-ID wie "bracket-a"
cfg-product-id = [[product]]: `id` { $got } ist ungültig: erwartet: Buchstaben, Ziffern, "-", "_" und "." (wie "bracket-a")
cfg-expect-ideal-cycle = Sekunden pro Teil größer 0, wie 1.5
cfg-expect-unit-cost = Kosten pro Teil von 0 oder mehr, wie 0.42
cfg-expect-reason-code = ein Grundcode wie "mech/bearing"
cfg-reason-code = [[reason]]: `code` { $got } ist ungültig: erwartet: Wörter aus Kleinbuchstaben, Ziffern und "-", verbunden durch "/" (wie "mech/bearing")
cfg-expect-reason-kind = "downtime", "scrap", "rework" oder "planned"
cfg-loss-rework = { $what }: `loss` gilt nicht für Nacharbeitsgründe: nachgearbeitete Teile sind ein eigener Verlust
cfg-loss-planned = { $what }: `loss` gilt nur für Stillstands- und Ausschussgründe: geplante Stillstände sind kein Verlust
cfg-expect-date = ein Datum "YYYY-MM-DD"
cfg-calendar-date = [[calendar]]: `date` = { $got }: erwartet: ein Datum "YYYY-MM-DD" wie "2026-12-31"
cfg-expect-calendar-shifts = eine Liste von Schichtnamen wie ["Early"] oder [] für einen Feiertag
cfg-expect-shift-none = ein [[shift]]-Name, aber es gibt keine Schichten
cfg-expect-shift-of = ein [[shift]]-Name: { $names }
cfg-calendar-no-shift = { $what }: Schicht "{ $shift }" gibt es unter [[shift]] nicht: erwartet: { $expected }{ $hint }
cfg-calendar-shift-item = { $what }: Eintrag { $got } in `shifts`: erwartet: ein Schichtname in Anführungszeichen
cfg-what-calendar-date = Kalenderdatum
cfg-shift-overlap = [[shift]] "{ $shift }" überschneidet sich von { $from } bis { $to } mit Schicht "{ $other }": erwartet: Schichten ohne Überschneidung
cfg-unit-taken = [[machine]] "{ $machine }": an { $bus } ist Unit-ID { $unit } bereits von Maschine "{ $other }" belegt: erwartet: eine andere Unit-ID am gemeinsamen Bus
cfg-port-settings = [[machine]] "{ $machine }": serielle Schnittstelle { $port } ist hier auf { $here } eingestellt, bei Maschine "{ $other }" aber auf { $there }: erwartet: eine Einstellung je Schnittstelle
cfg-block-shift = Schicht "{ $shift }"
cfg-block-extra = Überstundenblock { $n }
cfg-extra-overlap = [[calendar]] { $date }: Überstundenblock { $from }-{ $to } überschneidet sich mit { $other }: erwartet: Überstunden außerhalb der an diesem Tag gearbeiteten Schichten
cfg-expect-machine-id = eine Maschinen-ID wie "press-1"
cfg-machine-id = [[machine]]: `id` { $got } ist ungültig: erwartet: Kleinbuchstaben, Ziffern und "-" (wie "press-1")
cfg-int-ms = Millisekunden als ganze Zahl von { $lo } bis { $hi }
cfg-expect-stop-after = Sekunden ohne Teil, nach denen eine Maschine nur mit Zähler als stehend gilt, größer 0 und höchstens ein Tag (86400)
cfg-expect-plans = [[machine.maintenance]]-Tabellen
cfg-no-signals = [[machine]] "{ $machine }" hat keine [machine.signals]: für sie wird nichts aufgezeichnet
cfg-no-ideal-cycle = [[machine]] "{ $machine }" zählt Teile, hat aber keine ideale Zykluszeit: erwartet: `ideal_cycle_s` (Sekunden pro Teil), nötig für Leistung und OEE
cfg-expect-ideal-by-product = eine Tabelle aus Produkt-ID = Sekunden pro Teil
cfg-expect-seconds-per-part = Sekunden pro Teil größer 0
cfg-no-product = { $what }: Produkt "{ $product }" gibt es unter [[product]] nicht: erwartet: die `id` eines [[product]]-Eintrags{ $hint }
cfg-reason-is-scrap = { $what }: Grund "{ $reason }" ist ein Ausschussgrund: erwartet: ein Stillstandsgrund oder ein geplanter Grund
cfg-no-reason = { $what }: Grund "{ $reason }" steht nicht im Gründebaum: erwartet: der `code` eines [[reason]]-Eintrags{ $hint }
cfg-host-port = { $what }: `modbus_tcp` = "{ $got }": erwartet: "host:port" wie "192.168.1.50:502"
cfg-unit-zero = { $what }: `unit` = 0 ist auf einem seriellen Bus die Broadcast-Adresse; über TCP antworten die meisten Geräte auf 1 oder 255, manche auf 0: wenn die Maschine nicht antwortet, probieren Sie diese Werte
cfg-int-baud = Baud als ganze Zahl von { $lo } bis { $hi }
cfg-rtu-unit-missing = { $what }: `unit` fehlt: erwartet: die RTU-Unit-ID, 1 bis 247
cfg-both-connections = { $what }: sowohl `modbus_tcp` als auch `modbus_rtu`: erwartet: nur eins davon
cfg-no-connection = { $what }: weder `modbus_tcp` noch `modbus_rtu`: erwartet: { $expected }
cfg-rtu-key-on-tcp = { $what }: `{ $key }` gilt für `modbus_rtu`-Verbindungen: erwartet: nur zusammen mit einer seriellen Schnittstelle
cfg-no-register = { $what }: kein Register: erwartet: eines von `coil`, `discrete`, `input`, `holding` mit einer 0-basierten Adresse, wie {"{"} holding = 4 {"}"}
cfg-two-registers = { $what }: mehr als eine Registertabelle: erwartet: genau eines von `coil`, `discrete`, `input`, `holding`
cfg-int-address = eine ganze Zahl (0-basierte Adresse) von { $lo } bis { $hi }
cfg-expect-scale = eine Zahl ungleich 0, wie 0.1
cfg-expect-offset = eine Zahl, wie -40
cfg-type-on-bit = { $what }: `type` = "{ $type }" bei { $table } (ein einzelnes Bit): erwartet: "bool"
cfg-type-not-for-signal = { $what }: `type` = "{ $type }": erwartet für dieses Signal: { $expected }
cfg-bit-table = { $what }: { $table } enthält nur ein Bit: erwartet: `input` oder `holding` für dieses Signal
cfg-past-65535 = { $what }: { $table } { $address } mit Typ { $type } reicht über Register 65535 hinaus: erwartet: eine niedrigere Adresse
cfg-counter-scale = { $what }: Zähler zählen ganze Teile: erwartet: kein `scale` und kein `offset`
cfg-expect-register = ein Register wie { $example }
cfg-duplicate-process = { $machine }: doppelter Prozesswert "{ $name }": erwartet: jeder Name nur einmal
cfg-signal-overlap = { $machine }: Signal `{ $signal }` ({ $register }) überschneidet sich mit Signal `{ $other }` ({ $other_register }): erwartet: jedes Signal in eigenen Registern
cfg-expect-code-register = ein Register mit Codes, wie { $example }
cfg-expect-code-table = eine Tabelle aus Code = Name, wie { $example }
cfg-code-number = { $what }: Code `{ $code }` in `{ $map }`: erwartet: eine ganze Zahl größer 0 (0 steht für keinen Code)
cfg-code-name = { $what }: Code { $code } = { $got }: erwartet: ein Name in Anführungszeichen
cfg-code-too-big = { $what }: Code { $code } kann nicht aus einem { $type }-Register kommen (höchstens { $max }): erwartet: Codes, die das Register fassen kann
cfg-expect-process-name = ein Name wie "oil_temp"
cfg-process-name = { $what }: `name` = "{ $got }": erwartet: nur Buchstaben, Ziffern, "_" und "-"
cfg-expect-deadband = wie weit sich der Wert ändern muss, bis er erneut gespeichert wird, 0 oder mehr, in seiner Einheit
cfg-low-high = { $machine }, Prozesswert: `low` = { $low } ist nicht kleiner als `high` = { $high }: erwartet: low < high
cfg-expect-task = was zu tun ist, wie "Hauptlager schmieren"
cfg-expect-component = die Komponente, wie "main-bearing"
cfg-plan-every = { $what }: erwartet: genau eines von `every_run_hours`, `every_cycles`, `every_days`
cfg-expect-run-hours = Betriebsstunden größer 0
cfg-int-parts = Anzahl Teile als ganze Zahl von { $lo } bis { $hi }
cfg-password-in-file = { $what }: ein Passwort steht nie in takt.toml (es wäre in jeder Sicherung und im Konfigurationsverlauf): setzen Sie `password_env = "TAKT_PASSWORD"` (eine Umgebungsvariable) oder `password_file = "/etc/takt/password"`
cfg-both-passwords = { $what }: sowohl `password_env` als auch `password_file`: erwartet: nur eins davon
cfg-expect-url = eine URL wie "{ $example }"
cfg-url-invalid = { $what } "{ $got }": { $error }: erwartet: { $expected }
cfg-url-scheme = { $what } "{ $got }": das Schema { $scheme }:// unterstützt Takt hier nicht: erwartet: { $expected }
cfg-url-no-host = { $what } "{ $got }": kein Host: erwartet: { $expected }
cfg-url-password = { $what }: die URL enthält ein Passwort, das nie in takt.toml stehen darf: entfernen Sie es und setzen Sie `password_env` oder `password_file`
cfg-expect-broker-url = die URL des Brokers, wie "mqtt://broker.plant.example:1883"
cfg-mqtt-url-extra = [mqtt]: `url` "{ $got }": erwartet: nur Schema, Host und Port (der Benutzer gehört in `user`, Topics in `topic_prefix`)
cfg-mqtt-client-id = [mqtt]: `client_id`: erwartet: höchstens 128 druckbare Zeichen, wie "takt-bursa"
cfg-mqtt-topic-prefix = [mqtt]: `topic_prefix` "{ $got }": erwartet: Topic-Ebenen, verbunden durch "/", ohne Platzhalter (+, #) und ohne "/" am Anfang oder Ende, wie "acme/bursa/takt"
cfg-int-seconds = Sekunden als ganze Zahl von { $lo } bis { $hi }
cfg-mqtt-password-without-user = [mqtt]: ein Passwort ohne `user`: erwartet: auch `user = "takt"`
cfg-expect-postgres-url = die URL der Datenbank, wie "postgresql://takt@db.example/company"
cfg-postgres-no-database = [central]: `postgres` "{ $got }": keine Datenbank angegeben: erwartet: "postgresql://takt@db.example/company"
cfg-expect-listen = eine Adresse mit Port zum Lauschen, wie "0.0.0.0:8080"
cfg-display-listen = [display]: `listen` = "{ $got }": erwartet: eine Adresse mit Port wie "0.0.0.0:8080" (das Werksnetz) oder "127.0.0.1:8080" (nur dieser Rechner)
cfg-display-token = [display]: `token`: erwartet: mindestens { $min } Buchstaben, Ziffern, "-" oder "_" (weglassen, dann schreibt `takt check` einen)
cfg-display-open = [display]: `listen` = "{ $listen }" bedient das Werksnetz über unverschlüsseltes HTTP, in dem der Token unterwegs lesbar ist: das Netz geschlossen halten oder hinter einem TLS-Proxy auf "127.0.0.1:8080" lauschen
cfg-display-tls-pair = [display]: `cert` und `key` gehören zusammen: erwartet beide (HTTPS) oder keines (einfaches HTTP)
cfg-what-operator-name = Bedienername
cfg-expect-operator-name = ein Name, mit dem jeder Eintrag gespeichert wird ("Ayşe Kaya")
cfg-operator-pin = { $what }: `pin`: erwartet { $min } bis { $max } Ziffern
cfg-operator-pin-plain = { $what }: die PIN steht im Klartext in takt.toml: `takt check` ersetzt sie durch ihren Hash (`pin_hash`)
cfg-operator-pin-hash = { $what }: `pin_hash`: erwartet einen Argon2id-Hash, wie `takt check` ihn schreibt ("$argon2id$..."); für eine neue PIN stattdessen `pin = "..."` schreiben
cfg-operator-no-pin = { $what }: erwartet eine `pin` (Ziffern; `takt check` hasht sie) oder ihren `pin_hash`
cfg-operator-two-pins = { $what }: erwartet `pin` oder `pin_hash`, nicht beides
cfg-operator-no-display = [[operator]]: Bediener geben an den Tablets von [display] ein, und es gibt kein [display]

## Operators at the display's tablets
operator-wrong-pin = falscher Name oder falsche PIN (noch { $left } Versuche, bevor dieses Tablet für eine Minute gesperrt wird)
operator-locked = zu viele falsche PINs: dieses Tablet ist noch { $secs } Sekunden gesperrt

## Ein Tablet an der Linie (die Adresse /line/NAME der Anzeige)
tablet-title = Linie { $line }
tablet-no-line = Keine Maschine ist an Linie "{ $line }", und keine hat diese ID: Adresse prüfen
tablet-operator = Bediener
tablet-pick-operator = – Ihr Name –
tablet-pin = PIN
tablet-sign-hint = Ihr Name wird mit jedem Eintrag gespeichert; für den nächsten wird die PIN erneut abgefragt.
tablet-sign-first = Zuerst Namen wählen und PIN eingeben
tablet-saved = { $what } (von { $operator })
tablet-stops = Stillstände der letzten { $hours } Stunden
tablet-no-stops = Keine Stillstände in dieser Zeit.
