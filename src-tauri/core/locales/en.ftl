# Takt in English. Every key here is in tr.ftl and de.ftl too (a test keeps them equal).

## Pages
page-plant = Plant
page-machine = Machine
page-stops = Stops
page-maintenance = Maintenance
page-reports = Reports
page-settings = Settings

## Days and months
day-mon = Mon
day-tue = Tue
day-wed = Wed
day-thu = Thu
day-fri = Fri
day-sat = Sat
day-sun = Sun
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

## The window's frame
app-loading = Loading…
app-pages = Pages
app-recorder-title = This window is a client of the process that records the database: entries are written by it
app-recorded-by = recorded by { $recorder }
app-floor-title = Full-screen plant view for a TV on the floor
app-floor = Shop-floor display
app-leave-floor = Leave display

## A machine's state, beside its colour
state-running = running
state-down = down
state-planned = planned stop
state-no-data = no data
state-waiting = waiting

## The live table on a terminal
term-stop-hint = Ctrl-C stops
term-machine = machine
term-state = state
term-since = since
term-reason = reason
term-shift = shift
term-parts = parts

## Key figures (the PDF's first page, the window's preview, the mail)
kf-key-figure = key figure
kf-this-period = this period
kf-period-before = the period before
kf-oee = OEE
kf-availability = availability
kf-performance = performance
kf-quality = quality
kf-parts = parts
kf-good-parts = good parts
kf-down-time-s = down time, s
kf-breakdowns = breakdowns
kf-setups = setups
kf-small-stops = small stops
kf-reduced-speed = reduced speed
kf-production-rejects = production rejects
kf-startup-rejects = start-up rejects
kf-largest-losses = largest losses
kf-this-period-s = this period, s
kf-period-before-s = the period before, s
kf-top-stop-reasons = top stop reasons
kf-stops = stops
kf-duration-s = duration_s

## Report titles
title-oee = OEE
title-downtime = Downtime
title-scrap = Scrap
title-maintenance = Maintenance
title-condition-trends = Condition trends
title-energy = Energy
title-process-alarms = Process alarms
title-process-capability = Process capability
title-what-drives-scrap = What drives scrap
title-maintenance-due = Maintenance due
title-maintenance-log = Maintenance log

## PDF reports and their mail
pdf-report = { $title } report
pdf-report-of = { $title } report of { $plant }, { $period }
pdf-made-by = Made by Takt on { $time }
pdf-page-header = { $plant }: { $title } report, { $period }
pdf-period = { $from } to { $to } ({ $tz })
mail-attached = Attached: { $files }.
mail-made-by = Made by Takt on { $time }.

## Settings page
settings-title = Settings
settings-tab-machines = Machines
settings-tab-plant = Plant
settings-tab-shifts = Shifts
settings-tab-calendar = Calendar
settings-tab-products = Products
settings-tab-reasons = Reasons
settings-tab-plans = Maintenance plans
settings-tab-text = takt.toml
settings-text-intro = { $path } — shifts, products, reasons and machines. Checked like takt check before it is saved.
settings-machines-title = Machines
settings-col-id = Id
settings-col-name = Name
settings-col-line = Line
settings-col-connection = Connection
settings-col-read-once = Read once
settings-reading = reading…
settings-test = Test
settings-test-title = Read each signal once, like takt check
settings-copy = Copy…
settings-copy-title = A new machine with the same signals and plans
settings-add-machine = Add a machine…

## Copy a machine
copy-added = { $id } added with the signals of { $from }.
copy-legend = A copy of { $from }: the same signals and plans
copy-new-id = New id
copy-name = Name
copy-name-hint = Press 2
copy-address = Address (host:port or serial port)
copy-unit = Unit id (empty: the same)
copy-save = Check and add
copy-cancel = Cancel

## Register map import
map-title = Import a register map
map-help = A CSV with the columns signal, table, address, type, word_order, scale, unit, low, high: the signals go into the machine's [machine.signals], checked like takt check.
map-machine = Machine
map-file = File
map-paste = or paste it here
map-preview = Check and preview
map-save = Save into takt.toml
map-saved = Saved: Takt now polls these signals.
map-not-saved = Nothing saved yet: as the machine will have them.
map-col-line = Line
map-col-signal = Signal
map-col-register = Register
map-col-limits = Unit and limits
map-replaces = replaces
map-new = new

## Every settings form
form-saved = Saved. Takt now polls with the new config.
form-save = Check and save
form-signal-name-missing = expected a signal name: running, total_count, ..., or a process value's name
form-test-registers = registers { $words }
form-test-bad-reading = bad reading

## The plant
plant-form-title = Plant
plant-form-name = Name
plant-form-name-hint = Plant 1
plant-form-timezone = Time zone (type to search)
plant-form-microstop = Small stops shorter than, s
plant-form-language = Language, dates and numbers
plant-form-language-computer = the computer's
plant-form-energy-price = Energy price per kWh

## Shifts
shifts-week-label = The shifts on a week
shifts-block = { $name } { $from }–{ $to }
shifts-block-from-before = { $words }, from the day before
shifts-block-past-midnight = { $words }, on past midnight
shifts-block-break = break { $from }–{ $to }
shifts-title = Shifts
shifts-new-name = Shift { $n }
shifts-add = Add a shift
shifts-legend = Shift { $name }
shifts-name = Name
shifts-name-hint = Early
shifts-start = Starts (HH:MM)
shifts-end = Ends (HH:MM; before the start: the next day)
shifts-remove = Remove this shift
shifts-days = Starts on
shifts-breaks = Breaks
shifts-break-at = Break at (HH:MM)
shifts-break-minutes = Minutes
shifts-remove-break = Remove break
shifts-add-break = Add a break

## Calendar
calendar-holiday = holiday
calendar-only = only { $shifts }
calendar-title = Calendar
calendar-help = Holidays, reduced days and overtime: pick a day to give it an exception to the shift plan.
calendar-previous = Previous month
calendar-next = Next month
calendar-day-label = { $weekday } { $day } { $month } { $plan }
calendar-no-shift = no shift
calendar-exceptions = Exceptions
calendar-date = Date (YYYY-MM-DD)
calendar-that-day = That day
calendar-mode-normal = the usual shifts
calendar-mode-holiday = a holiday: no shift
calendar-mode-only = only these shifts
calendar-remove = Remove this exception
calendar-overtime-from = Overtime from (HH:MM)
calendar-overtime-to = to (HH:MM)
calendar-remove-overtime = Remove overtime
calendar-add-overtime = Add overtime

## Products
products-title = Products
products-id = Id
products-name = Name
products-name-hint = Bracket A
products-ideal-cycle = Ideal cycle, s per part
products-unit-cost = Cost per part
products-remove = Remove
products-add = Add a product

## Reasons
reasons-title = Reasons
reasons-help = A tree by the "/" in the code: mech/bearing sits under mech. Move a reason by changing its branch.
reasons-code = Code
reasons-name = Name
reasons-name-hint = Bearing failure
reasons-kind = Kind
reasons-loss = Loss
reasons-kind-downtime = downtime
reasons-kind-scrap = scrap
reasons-kind-rework = rework
reasons-kind-planned = planned stop
reasons-loss-breakdown-default = breakdown (default)
reasons-loss-breakdown = breakdown
reasons-loss-setup = setup
reasons-loss-production-default = production (default)
reasons-loss-production = production
reasons-loss-startup = start-up
reasons-remove = Remove
reasons-add = Add a reason

## Maintenance plans
plans-every-run-hours = run hours
plans-every-cycles = cycles
plans-every-days = days
plans-title = Maintenance plans
plans-machine = Machine
plans-task = Task
plans-task-hint = Grease main bearing
plans-component = Component
plans-every = Every
plans-how-many = How many
plans-remove = Remove
plans-add = Add a plan

## Add a machine
add-title = Add a machine
add-id = Id (history is kept under it)
add-name = Name
add-name-hint = Press 1
add-ideal = Ideal cycle time, s per part
add-connection = Connection
add-rtu = Modbus RTU (serial)
add-serial-port = Serial port
add-address = Address (host:port)
add-baud = Baud
add-unit = Unit id
add-signals = Signals
add-col-signal = Signal
add-col-table = Table
add-col-address = Address
add-col-type = Type
add-col-word-order = Word order
add-col-read = Read
add-aria-signal = signal
add-aria-register = register
add-aria-table = table
add-aria-type = type
add-aria-word-order = word order
add-test = Test
add-reading = reading…
add-add-signal = Add a signal
add-save = Check and save to takt.toml
add-cancel = Cancel

## First run
first-run-title = Welcome to Takt
first-run-intro = There is no plant configured yet. See Takt at work on a simulated plant, or connect your first machine.
first-run-demo = Open the demo plant
first-run-demo-starting = Starting six simulated machines and writing two weeks of their history…
first-run-demo-text = Six simulated machines on this computer, polled over Modbus like real ones, with two weeks of history.
first-run-add = Add your first machine
first-run-add-text = Its address on the network or serial line, and where its signals are. Test each signal before saving.

## The Machine page
machine-field-machine = Machine
machine-field-period = Period
machine-range-today = Today
machine-range-yesterday = Yesterday
machine-range-week = Last 7 days
machine-charts = Charts
machine-oee = OEE
machine-availability = Availability
machine-performance = Performance
machine-quality = Quality
machine-parts-summary = { $total } parts, { $good } good, { $reject } rejected; run { $run } of { $planned } planned.
machine-six-big-losses = The six big losses
machine-loss-breakdowns = Breakdowns
machine-loss-setups = Setups
machine-loss-small-stops = Small stops
machine-loss-reduced-speed = Reduced speed
machine-loss-production-rejects = Production rejects
machine-loss-startup-rejects = Start-up rejects
machine-process-values = Process values
machine-col-value = Value
machine-col-now = Now
machine-col-lowest = Lowest
machine-col-highest = Highest
machine-col-limits = Limits
machine-limits-range = { $low } to { $high }
machine-alarms = Alarms
machine-alarms-none = No value left its limits in this range.
machine-col-limit = Limit
machine-col-worst = Worst
machine-col-from = From
machine-col-to = To
machine-col-for = For
machine-alarm-now = now
machine-energy = Energy
machine-kwh-per-good = kWh per good part
machine-idle-share = Used while standing
machine-energy-summary = { $run } kWh running, { $idle } kWh standing, { $away } kWh while Takt was away; { $good } good parts.

## The Plant page
plant-starting-demo = Starting the demo plant: simulated machines on this computer, and two weeks of their history…
plant-waiting = Waiting for the first readings…
plant-since = since { $time } · { $duration }
plant-shift = { $shift } shift
plant-alarm-above = Alarm: { $signal } above { $limit } { $unit } since { $time }
plant-alarm-below = Alarm: { $signal } below { $limit } { $unit } since { $time }
plant-alarm-worst = worst { $worst } { $unit }
plant-maintenance-title = Maintenance: see the Maintenance page
plant-maintenance-badge = Maintenance: { $alert }
plant-parts-this-shift = parts this shift
plant-oee-this-shift = OEE this shift
plant-this-shift = This shift, { $from }–{ $to }

## Charts of the window
chart-limit-high = high
chart-limit-low = low
chart-no-readings = No readings in this range.
chart-alarm-span = { $kind } { $worst } from { $time }
chart-process-label = Per-minute means of { $name } with its limits

## Charts of the reports (the PDF, `takt chart`, the window's preview)
chart-no-data = No data in this period.
chart-axis-shift = shift (plant time)
chart-axis-day = day (plant time)
chart-axis-week = week (plant time)
chart-oee-trend = OEE with availability, performance and quality
chart-losses = The six big losses: from planned production time to fully productive time
chart-planned-time = planned time
chart-rejects = rejects
chart-startup-rejects = start-up rejects
chart-productive-time = productive time
chart-hours = hours
chart-downtime-pareto = Unplanned stop time by reason
chart-scrap-by-reason = Rejected parts by reason
chart-scrap-by-product = Rejected parts by product
chart-reason = reason
chart-product = product
chart-parts = parts
chart-other = other ({ $n })
chart-cumulative = cumulative %
chart-energy-trend = Energy per good part
chart-kwh-per-good = kWh per good part
chart-weibull = { $machine } { $component }: Weibull probability plot
chart-life-run-hours = life, run hours (log scale)
chart-life-calendar-hours = life, calendar hours (log scale)
chart-unreliability = unreliability F, % (Weibull scale)
chart-fit = fit: beta { $beta }, eta { $eta } h
chart-bounds = { $confidence } bounds
chart-failures = failures (median ranks)
chart-condition = { $machine } { $signal }: condition trend
chart-plant-time = plant time
chart-hourly-mean = hourly mean
chart-trend = trend
chart-beyond-limit = beyond its { $limit } limit since { $time }
chart-crosses-limit = crosses its { $limit } limit { $time }

## The Maintenance page
maint-working = Working out the life models…
maint-tasks-due = Tasks due
maint-log-title = Log maintenance
maint-forecasts = Failure forecasts per component
maint-forecasts-note = Weibull life models fitted to each component's lives (failures; replacements before failure and the part in place are suspensions), with 90 % bounds.
maint-fig-shape = Shape β
maint-fig-scale = Scale η, h
maint-fig-b10 = B10 life, h
maint-fig-mtbf = MTBF, h
maint-fig-mttr = MTTR, h
maint-fig-risk-30 = Risk in 30 days
maint-fig-next-due = Due by risk or plan
maint-growth = Failure trend per machine (Crow-AMSAA)
maint-conditions = Condition trends
maint-beyond-high = beyond its high limit since { $time }
maint-beyond-low = beyond its low limit since { $time }
maint-cross-high = to cross its high limit { $time } (between { $earliest } and { $latest })
maint-cross-low = to cross its low limit { $time } (between { $earliest } and { $latest })
maint-beyond-a-year = beyond a year
maint-last-hour = last hour { $last } { $unit }, trend { $slope } { $unit }/day
maint-log-30 = The log, last 30 days
maint-no-plans = No maintenance plans: add [[machine.maintenance]] tables to a machine in Settings.
maint-col-task = Task
maint-col-machine = Machine
maint-col-progress = Progress
maint-col-used = Used
maint-col-due = Due
maint-used = { $since } of { $every } { $unit }
maint-unit-run-h = run hours
maint-unit-cycles = cycles
maint-unit-days = days
maint-overdue-since = overdue since { $time }
maint-field-machine = Machine
maint-field-component = Component
maint-field-kind = What was done
maint-kind-service = Service (the plan's work)
maint-kind-inspection = Inspection
maint-kind-replacement = Replacement before failure
maint-kind-failure = Failure (repaired or replaced)
maint-field-when = When
maint-field-minutes = Minutes
maint-field-note = Note
maint-log-button = Log
maint-at-invalid = at: expected a date and time
maint-logged-service = Logged a service of { $component } on { $machine }.
maint-logged-inspection = Logged an inspection of { $component } on { $machine }.
maint-logged-replacement = Logged a replacement of { $component } on { $machine }.
maint-logged-failure = Logged a failure of { $component } on { $machine }.
maint-logged-event = Logged an event of { $component } on { $machine }.
maint-no-lives = No lives to plot yet.
maint-failed-after = failed after { $hours } h
maint-suspended-at = suspended at { $hours } h
maint-plot-label = Weibull probability plot of { $component }: { $failures } failures, { $suspensions } suspensions
maint-life-h = life, h
maint-no-readings = No readings in the window.
maint-crosses-at = crosses at { $time }
maint-trend-label = Hourly means of { $signal } with its limits and trend
maint-chart-now = now

# The Reports and Stops pages, the report tables and the window's formats, in English.

## Reports page
reports-report = Report
reports-from = From
reports-to = To
reports-to-excluded = To (not included)
reports-bad-date = { $field }: expected a date like 2026-11-24
reports-machine = Machine
reports-all-machines = All machines
reports-by = By
reports-by-none = – (none: a row per stop, episode, value) –
reports-by-shift = Shift
reports-by-day = Day
reports-by-week = Week
reports-by-machine = Machine
reports-by-product = Product
reports-by-reason = Reason
reports-preview = Preview
reports-save-csv = Save as CSV…
reports-save-pdf = Save as PDF…
reports-computing = Computing…
reports-rows = { $count } rows
reports-saved = Saved { $path }
reports-not-saved = Not saved
reports-first-page = The PDF's first page
reports-title = { $title } report
reports-period = { $from } to { $to }
reports-kind-oee = OEE
reports-kind-downtime = Downtime
reports-kind-scrap = Scrap
reports-kind-energy = Energy
reports-kind-alarms = Process alarms
reports-kind-process = Process capability
reports-kind-quality-drivers = What drives scrap
reports-kind-maintenance = Maintenance
reports-kind-condition = Condition trends

## Stops page
stops-only-uncoded = Only stops without a reason
stops-last-day = The last 24 hours.
stops-machine = Machine
stops-from = From
stops-length = Length
stops-kind = Kind
stops-reason = Reason
stops-kind-down = down
stops-kind-small-stop = small_stop
stops-kind-planned = planned
stops-reason-label = reason
stops-pick-reason = – pick a reason –
stops-reason-planned = { $name } ({ $code }), planned
stops-save = Save
stops-split = Split…
stops-split-title = The stop had two causes: split it where the second began
stops-split-at-label = split at
stops-split-here = Split here
stops-bad-split = Split at: expected a time between { $from } and { $to }, like 14:05:30
stops-split-done = { $machine } split at { $time }
stops-reason-saved = { $machine } at { $time }: { $reason }
stops-entered-by = by { $operator }
stops-scrap = Scrap
stops-parts = Parts
stops-none = – none –
stops-product = Product
stops-record-scrap = Record scrap
stops-bad-quantity = Quantity: expected a whole number of parts
stops-scrap-recorded = { $quantity } parts of scrap recorded

## Report tables: the key figures' rows
table-figure-oee = OEE
table-figure-availability = availability
table-figure-performance = performance
table-figure-quality = quality
table-figure-parts = parts
table-figure-good-parts = good parts
table-figure-down-time-s = down time, s
table-figure-breakdowns = breakdowns
table-figure-setups = setups
table-figure-small-stops = small stops
table-figure-reduced-speed = reduced speed
table-figure-production-rejects = production rejects
table-figure-start-up-rejects = start-up rejects

## Values in the window
fmt-yes = yes
fmt-no = no

## Report columns (CSV names in words)
col-machine = Machine
col-period-start = Period start
col-period-end = Period end
col-planned-s = Planned
col-run-s = Run
col-down-s = Down
col-total = Total
col-good = Good
col-reject = Reject
col-availability = Availability
col-performance = Performance
col-quality = Quality
col-oee = OEE
col-period = Period
col-product = Product
col-teep = TEEP
col-all-s = All
col-scheduled-s = Scheduled
col-planned-stop-s = Planned stop
col-no-data-s = No data
col-breakdowns-s = Breakdowns
col-setups-s = Setups
col-small-stops-s = Small stops
col-reduced-speed-s = Reduced speed
col-production-rejects-s = Production rejects
col-startup-rejects-s = Startup rejects
col-failures = Failures
col-mtbf-s = MTBF
col-mttr-s = MTTR
col-no-data-total = No data total
col-unscheduled-total = Unscheduled total
col-reject-cost = Reject cost
col-flags = Flags
col-allocation-efficiency = Allocation efficiency
col-utilisation-efficiency = Utilisation efficiency
col-technical-efficiency = Technical efficiency
col-setup-rate = Setup rate
col-nee = NEE
col-throughput-per-h = Throughput per (h)
col-first-pass-yield = First pass yield
col-scrap-ratio = Scrap ratio
col-rework-ratio = Rework ratio
col-rework = Rework
col-mttf-s = MTTF
col-mttr-stop-s = MTTR stop
col-corrective-maintenance-ratio = Corrective maintenance ratio
col-kwh = KWh
col-kwh-per-good = KWh per good
col-start = Start
col-end = End
col-duration-s = Duration
col-reason = Reason
col-kind = Kind
col-stop-start = Stop start
col-on-break = On break
col-group = Group
col-stops = Stops
col-small-stops = Small stops
col-small-stop-s = Small stop
col-planned-stops = Planned stops
col-scrap-rate = Scrap rate
col-cost = Cost
col-run-kwh = Run kWh
col-idle-kwh = Idle kWh
col-no-data-kwh = No data kWh
col-kwh-per-run-h = KWh per run (h)
col-idle-share = Idle share
col-cost-per-good = Cost per good
col-signal = Signal
col-limit = Limit
col-worst = Worst
col-unit = Unit
col-open = Open
col-n = N
col-mean = Mean
col-sd = Sd
col-min = Min
col-max = Max
col-low = Low
col-high = High
col-cp = Cp
col-cpk = Cpk
col-out-of-limit-s = Out of limit
col-band = Band
col-minutes = Minutes
col-reject-rate = Reject rate
col-ratio-to-best = Ratio to best
col-significant = Significant
col-p-value = P value
col-component = Component
col-suspensions = Suspensions
col-weibull-beta = Weibull beta
col-weibull-eta-h = Weibull eta (h)
col-mtbf-h = MTBF (h)
col-mttr-h = MTTR (h)
col-b10-h = B10 (h)
col-p-fail-30d = P fail 30d
col-next-due = Next due
col-beta-lo = Beta lo
col-beta-hi = Beta hi
col-eta-lo = Eta lo
col-eta-hi = Eta hi
col-b10-lo = B10 lo
col-b10-hi = B10 hi
col-mttf-h = MTTF (h)
col-life-basis = Life basis
col-note = Note
col-amsaa-beta = Amsaa beta
col-amsaa-lambda = Amsaa lambda
col-amsaa-mtbf-h = Amsaa MTBF (h)
col-trend = Trend
col-last = Last
col-slope-per-day = Slope per day
col-cross-at = Cross at
col-cross-earliest = Cross earliest
col-cross-latest = Cross latest
col-points = Points
col-beyond = Beyond
col-trend-from = Trend from
col-task = Task
col-every = Every
col-since-last = Since last
col-remaining = Remaining
col-due-at = Due at
col-overdue = Overdue
col-counted-from = Counted from
col-time = Time
col-duration-min = Duration min
col-key-figure = Key figure
col-this-period = This period
col-the-period-before = The period before
col-largest-losses = Largest losses
col-this-period-s = This period, s
col-the-period-before-s = The period before, s
col-top-stop-reasons = Top stop reasons

## The window's backend
gui-no-plant = no plant is configured yet: open the demo plant or add a machine
gui-not-recording = Takt is not recording: nothing to enter it in

## Settings refused
settings-refused-attached = { $holder } records this plant with { $file }: change that file and restart it (`systemctl restart takt` for the service); this window then shows the new plant
import-and-more = and { $n } more

## A maintenance event refused (the Maintenance page, takt maintenance log, takt import maintenance)
import-nothing = nothing
import-no-machine = expected the id of a [[machine]] in the config, got { $got }{ $hint }
import-no-component = expected the component's name, like "main-bearing", got nothing
import-maintenance-kind = expected failure, replacement, service or inspection, got { $got }
import-duration = expected minutes from 0 to { $max } (a year), like 45, got { $got }
log-future = at: { $at } is in the future (now { $now }): expected the time the work was done
log-duplicate-failure = a failure of "{ $component }" at { $at } is already logged for { $machine }: expected each event once
log-duplicate-replacement = a replacement of "{ $component }" at { $at } is already logged for { $machine }: expected each event once
log-duplicate-service = a service of "{ $component }" at { $at } is already logged for { $machine }: expected each event once
log-duplicate-inspection = an inspection of "{ $component }" at { $at } is already logged for { $machine }: expected each event once

## An operator's entry refused (the Stops page, takt stops)
entry-no-machine = no machine "{ $machine }" in the config{ $hint }
entry-not-a-stop-reason = "{ $reason }" is not a downtime or planned reason of the config{ $hint }
entry-not-a-scrap-reason = "{ $reason }" is not a scrap reason of the config{ $hint }
entry-no-product = "{ $product }" is not a product of the config{ $hint }
entry-no-stop = { $machine } was not stopped at { $at }: expected a time inside one of its stops (see `takt report downtime`)
entry-outside-stop = expected a time inside the stop, between { $from } and { $to }
entry-no-quantity = expected from 1 to { $max } parts, got { $got }

## A register map's problems (takt import register-map, the Machines tab)
map-column-twice = the column "{ $column }" twice in the header
map-no-column = no column "{ $column }"{ $hint }: expected the header { $header }
map-header-lacks = the header has no "{ $column }": expected { $header }
map-signal-empty = empty: expected running, total_count, reject_count, fault_code, product_code, energy_kwh or a process value's name
map-signal-again = "{ $signal }" again: it is on line { $line } already
map-table-empty = empty: expected the signal's table
map-address-empty = empty: expected the signal's address
map-file-empty = the file is empty: expected a header { $header }

## The config's findings (`takt check`, the forms of the Settings page)
cfg-missing = { $what }: missing `{ $key }`: expected { $expected }
cfg-unknown-key-like = { $what }: unknown key `{ $key }`; did you mean `{ $like }`?
cfg-unknown-key = { $what }: unknown key `{ $key }`; expected one of: { $known }
cfg-kind-string = a string
cfg-kind-integer = an integer
cfg-kind-number = a number
cfg-kind-boolean = a boolean
cfg-kind-datetime = a date-time
cfg-kind-array = an array
cfg-kind-table = a table
cfg-wrong = { $what }: `{ $key }` = { $got } ({ $kind }): expected { $expected }
cfg-expect-string = a non-empty string in quotes
cfg-not-one-of = { $what }: `{ $key }` = "{ $got }": expected { $expected }{ $hint }
cfg-did-you-mean = {" "}(did you mean "{ $like }"?)
cfg-or = { $rest } or { $last }
cfg-int = a whole number from { $lo } to { $hi }
cfg-expect-time-of-day = a time of day "HH:MM" like "06:00"
cfg-toml-syntax = TOML syntax: { $error }
cfg-expect-table = a { $table } table
cfg-missing-plant = missing [plant]: expected a [plant] table with `name` and `timezone`
cfg-schedule-no-machine = [[report.schedule]]: no machine "{ $machine }": expected { $expected }
cfg-schedule-email-needs-smtp = [[report.schedule]]: `email` needs an [smtp] table (host, port, security, user, from) to send through
cfg-no-shift = no [[shift]]: every hour of every day counts as scheduled (24/7); add shifts for OEE against a shift plan
cfg-no-machine = no [[machine]]: nothing will be polled
cfg-expect-schedules = [[report.schedule]] tables (an array of tables)
cfg-expect-strings = an array of strings in quotes
cfg-what-product-id = product id
cfg-what-reason-code = reason code
cfg-what-shift-name = shift name
cfg-what-machine-id = machine id
cfg-expect-reports = an array of report names like ["oee", "downtime"]
cfg-reports-empty = { $what }: `reports` is empty: expected one or more of { $expected }
cfg-no-report = { $what }: no report "{ $report }": expected { $expected }
cfg-expect-schedule-at = "shift-end" or a plant-local time of day "HH:MM"
cfg-schedule-at = { $what }: `at` = { $got }: expected "shift-end" or a plant-local time of day "HH:MM" like "06:00"
cfg-email-address = { $what }: `email` "{ $got }": expected an address like "supervisor@plant.example"
cfg-schedule-nowhere = [[report.schedule]]: nowhere to deliver: expected `folder = "reports"`, `email = ["..."]`, or both
cfg-expect-backup-folder = the folder the daily copies go into, like "backups"
cfg-expect-local-time = a plant-local time of day "HH:MM"
cfg-int-copies = a whole number of copies from { $lo } to { $hi }
cfg-smtp-password = [smtp]: a password is never kept in takt.toml (it would be in every backup and config history): set `password_env = "TAKT_SMTP_PASSWORD"` or `password_file = "/etc/takt/smtp-password"`
cfg-expect-smtp-host = the mail server's host name
cfg-expect-smtp-from = the sender, like "Takt <takt@plant.example>"
cfg-smtp-user-password = [smtp]: `user` needs its password: expected `password_env` (an environment variable) or `password_file`
cfg-expect-tables = { $table } tables (an array of tables)
cfg-duplicate = duplicate { $what } "{ $name }" (first defined on line { $line }): expected each { $what } once
cfg-expect-plant-name = the plant's name, like "Plant 1"
cfg-expect-timezone = an IANA time zone name like "Europe/Istanbul"
cfg-expect-microstop = seconds from 0 to 3600, like 120
cfg-int-days = a whole number of days from { $lo } to { $hi }
cfg-expect-probability = a probability above 0 and below 1, like 0.10
cfg-expect-price = a price per kWh of 0 or more, like 0.12
cfg-plant-id = [plant]: `id`: { $got } is not valid: expected lowercase letters, digits and "-" (like "istanbul-2")
cfg-plant-language = [plant]: `language` "{ $got }" is not a language Takt speaks: expected "en", "tr" or "de" (a region may follow: "de-AT", "en-US")
cfg-timezone-not-string = { $what }: `timezone` = { $got }: expected an IANA time zone name like "Europe/Istanbul"
cfg-timezone-unknown = { $what }: `timezone` = "{ $got }" is not an IANA time zone name: expected a name like "Europe/Istanbul"{ $hint }
cfg-expect-shift-name = the shift's name, like "Early"
cfg-expect-time = a time "HH:MM"
cfg-break-outside-shift = [[shift]] "{ $shift }": break at { $start } for { $minutes } min ends after the shift ({ $from }-{ $to }): expected breaks inside the shift
cfg-expect-days = weekdays like ["mon", "tue"] (mon, tue, wed, thu, fri, sat, sun)
cfg-days-empty = { $what }: `days` = []: the shift never runs, except on [[calendar]] dates that name it; leave `days` out for every day
cfg-day-twice = { $what }: `days` lists "{ $day }" twice: expected each day once
cfg-expect-list = a list like { $example }
cfg-expect-break-minutes = the break's length in minutes
cfg-int-minutes = a whole number of minutes from { $lo } to { $hi }
cfg-expect-product-id = a product id like "bracket-a"
cfg-product-id = [[product]]: `id` { $got } is not valid: expected letters, digits, "-", "_" and "." (like "bracket-a")
cfg-expect-ideal-cycle = seconds per part above 0, like 1.5
cfg-expect-unit-cost = a cost per part of 0 or more, like 0.42
cfg-expect-reason-code = a reason code like "mech/bearing"
cfg-reason-code = [[reason]]: `code` { $got } is not valid: expected lowercase words of letters, digits and "-" joined by "/" (like "mech/bearing")
cfg-expect-reason-kind = "downtime", "scrap", "rework" or "planned"
cfg-loss-rework = { $what }: `loss` is not for rework reasons: reworked parts are their own loss
cfg-loss-planned = { $what }: `loss` is for downtime and scrap reasons: planned stops are no loss
cfg-expect-date = a date "YYYY-MM-DD"
cfg-calendar-date = [[calendar]]: `date` = { $got }: expected a date "YYYY-MM-DD" like "2026-12-31"
cfg-expect-calendar-shifts = a list of shift names like ["Early"], or [] for a holiday
cfg-expect-shift-none = a [[shift]] name, but there are no shifts
cfg-expect-shift-of = a [[shift]] name: { $names }
cfg-calendar-no-shift = { $what }: shift "{ $shift }" names no [[shift]]: expected { $expected }{ $hint }
cfg-calendar-shift-item = { $what }: `shifts` item { $got }: expected a shift name in quotes
cfg-what-calendar-date = calendar date
cfg-shift-overlap = [[shift]] "{ $shift }" overlaps shift "{ $other }" from { $from } to { $to }: expected shifts that do not overlap
cfg-unit-taken = [[machine]] "{ $machine }": { $bus } unit { $unit } is machine "{ $other }" already: expected another unit id on a shared bus
cfg-port-settings = [[machine]] "{ $machine }": serial port { $port } is set { $here } here but { $there } for machine "{ $other }": expected one setting per port
cfg-block-shift = shift "{ $shift }"
cfg-block-extra = extra block { $n }
cfg-extra-overlap = [[calendar]] { $date }: extra block { $from }-{ $to } overlaps { $other }: expected overtime outside the shifts worked that day
cfg-expect-machine-id = a machine id like "press-1"
cfg-machine-id = [[machine]]: `id` { $got } is not valid: expected lowercase letters, digits and "-" (like "press-1")
cfg-int-ms = a whole number of milliseconds from { $lo } to { $hi }
cfg-expect-stop-after = seconds without a part before a counter-only machine counts as stopped, above 0 and at most a day (86400)
cfg-expect-plans = [[machine.maintenance]] tables
cfg-no-signals = [[machine]] "{ $machine }" has no [machine.signals]: nothing will be recorded for it
cfg-no-ideal-cycle = [[machine]] "{ $machine }" counts parts but has no ideal cycle time: expected `ideal_cycle_s` (seconds per part), needed for performance and OEE
cfg-expect-ideal-by-product = a table of product id = seconds per part
cfg-expect-seconds-per-part = seconds per part above 0
cfg-no-product = { $what }: product "{ $product }" names no [[product]]: expected the `id` of a [[product]]{ $hint }
cfg-reason-is-scrap = { $what }: reason "{ $reason }" is a scrap reason: expected a downtime or planned reason
cfg-no-reason = { $what }: reason "{ $reason }" is not in the reason tree: expected the `code` of a [[reason]]{ $hint }
cfg-host-port = { $what }: `modbus_tcp` = "{ $got }": expected "host:port" like "192.168.1.50:502"
cfg-unit-zero = { $what }: `unit` = 0 is the broadcast address on a serial bus; over TCP most devices answer on 1 or 255, some on 0: if the machine does not answer, try those
cfg-int-baud = a whole number of baud from { $lo } to { $hi }
cfg-rtu-unit-missing = { $what }: missing `unit`: expected the RTU unit id, 1 to 247
cfg-both-connections = { $what }: both `modbus_tcp` and `modbus_rtu`: expected one of them
cfg-no-connection = { $what }: no `modbus_tcp` or `modbus_rtu`: expected { $expected }
cfg-rtu-key-on-tcp = { $what }: `{ $key }` is for `modbus_rtu` connections: expected it only with a serial port
cfg-no-register = { $what }: no register: expected one of `coil`, `discrete`, `input`, `holding` with a 0-based address, like {"{"} holding = 4 {"}"}
cfg-two-registers = { $what }: more than one register table: expected exactly one of `coil`, `discrete`, `input`, `holding`
cfg-int-address = a whole number (0-based address) from { $lo } to { $hi }
cfg-expect-scale = a number other than 0, like 0.1
cfg-expect-offset = a number, like -40
cfg-type-on-bit = { $what }: `type` = "{ $type }" on a { $table } (a single bit): expected "bool"
cfg-type-not-for-signal = { $what }: `type` = "{ $type }": expected { $expected } for this signal
cfg-bit-table = { $what }: a { $table } holds one bit: expected `input` or `holding` for this signal
cfg-past-65535 = { $what }: { $table } { $address } with type { $type } runs past register 65535: expected a lower address
cfg-counter-scale = { $what }: counters count whole parts: expected no `scale` or `offset`
cfg-expect-register = a register like { $example }
cfg-duplicate-process = { $machine }: duplicate process value "{ $name }": expected each name once
cfg-signal-overlap = { $machine }: signal `{ $signal }` ({ $register }) overlaps signal `{ $other }` ({ $other_register }): expected each signal in its own registers
cfg-expect-code-register = a register with codes, like { $example }
cfg-expect-code-table = a table of code = name, like { $example }
cfg-code-number = { $what }: code `{ $code }` in `{ $map }`: expected a whole number above 0 (0 means none)
cfg-code-name = { $what }: code { $code } = { $got }: expected a name in quotes
cfg-code-too-big = { $what }: code { $code } cannot come from a { $type } register (at most { $max }): expected codes the register can hold
cfg-expect-process-name = a name like "oil_temp"
cfg-process-name = { $what }: `name` = "{ $got }": expected letters, digits, "_" and "-" only
cfg-expect-deadband = how far the value must move to be stored again, 0 or more, in its unit
cfg-low-high = { $machine } process: `low` = { $low } is not below `high` = { $high }: expected low < high
cfg-expect-task = what to do, like "Grease main bearing"
cfg-expect-component = the component, like "main-bearing"
cfg-plan-every = { $what }: expected exactly one of `every_run_hours`, `every_cycles`, `every_days`
cfg-expect-run-hours = run hours above 0
cfg-int-parts = a whole number of parts from { $lo } to { $hi }
cfg-password-in-file = { $what }: a password is never kept in takt.toml (it would be in every backup and config history): set `password_env = "TAKT_PASSWORD"` (an environment variable) or `password_file = "/etc/takt/password"`
cfg-both-passwords = { $what }: both `password_env` and `password_file`: expected one of them
cfg-expect-url = a URL like "{ $example }"
cfg-url-invalid = { $what } "{ $got }": { $error }: expected { $expected }
cfg-url-scheme = { $what } "{ $got }": the scheme { $scheme }:// is not one Takt speaks here: expected { $expected }
cfg-url-no-host = { $what } "{ $got }": no host: expected { $expected }
cfg-url-password = { $what }: the URL holds a password, which is never kept in takt.toml: remove it and set `password_env` or `password_file`
cfg-expect-broker-url = the broker's URL, like "mqtt://broker.plant.example:1883"
cfg-mqtt-url-extra = [mqtt]: `url` "{ $got }": expected only a scheme, host and port (the user goes in `user`, topics in `topic_prefix`)
cfg-mqtt-client-id = [mqtt]: `client_id`: expected at most 128 printable characters, like "takt-bursa"
cfg-mqtt-topic-prefix = [mqtt]: `topic_prefix` "{ $got }": expected topic levels joined by "/" without wildcards (+, #) or a leading or trailing "/", like "acme/bursa/takt"
cfg-int-seconds = a whole number of seconds from { $lo } to { $hi }
cfg-mqtt-password-without-user = [mqtt]: a password without `user`: expected `user = "takt"` too
cfg-expect-postgres-url = the database's URL, like "postgresql://takt@db.example/company"
cfg-postgres-no-database = [central]: `postgres` "{ $got }": no database: expected "postgresql://takt@db.example/company"
cfg-expect-listen = an address and port to listen on, like "0.0.0.0:8080"
cfg-display-listen = [display]: `listen` = "{ $got }": expected an address and port like "0.0.0.0:8080" (the plant's network) or "127.0.0.1:8080" (this computer only)
cfg-display-token = [display]: `token`: expected at least { $min } letters, digits, "-" or "_" (leave it out and `takt check` writes one)
cfg-display-open = [display]: `listen` = "{ $listen }" serves the plant's network over plain HTTP, where the token can be read on the way: keep that network closed, or listen on "127.0.0.1:8080" behind a TLS proxy
cfg-display-tls-pair = [display]: `cert` and `key` go together: expected both (HTTPS) or neither (plain HTTP)
cfg-what-operator-name = operator name
cfg-expect-operator-name = a name, as each entry is to be stored with it ("Ayşe Kaya")
cfg-operator-pin = { $what }: `pin`: expected { $min } to { $max } digits
cfg-operator-pin-plain = { $what }: the PIN is in takt.toml as typed: `takt check` replaces it with its hash (`pin_hash`)
cfg-operator-pin-hash = { $what }: `pin_hash`: expected an Argon2id hash as `takt check` writes it ("$argon2id$..."); to set a new PIN, write `pin = "..."` instead
cfg-operator-no-pin = { $what }: expected a `pin` (digits; `takt check` hashes it) or its `pin_hash`
cfg-operator-two-pins = { $what }: expected a `pin` or a `pin_hash`, not both
cfg-operator-no-display = [[operator]]: operators enter at the tablets of [display], and there is no [display]

## Operators at the display's tablets
operator-wrong-pin = wrong name or PIN ({ $left } tries left before this tablet is locked for a minute)
operator-locked = too many wrong PINs: this tablet is locked for { $secs } more seconds

## A tablet at the line (the display's /line/NAME)
tablet-title = Line { $line }
tablet-no-line = No machine is on line "{ $line }", nor has that id: check the address
tablet-operator = Operator
tablet-pick-operator = – your name –
tablet-pin = PIN
tablet-sign-hint = Your name goes with each entry; the PIN is asked again for the next.
tablet-sign-first = Pick your name and type your PIN first
tablet-saved = { $what } (by { $operator })
tablet-stops = Stops of the last { $hours } hours
tablet-no-stops = No stops in that time.
