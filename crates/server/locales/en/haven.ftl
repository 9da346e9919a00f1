# Haven — English interface.

app-tagline = Receiving, verifying, protecting and supporting victims of trafficking
skip-to-content = Skip to main content
lang-switch = Tiếng Việt
nav-label = Main navigation
nav-dashboard = Dashboard
nav-cases = Cases
nav-referrals = Referrals
nav-facilities = Facilities
nav-profile = My account
nav-logout = Log out

login-title = Log in
login-username = Username
login-password = Password
login-code = Two-factor code
login-code-hint = The 6-digit code from your authenticator app, or a recovery code. Leave empty if your account has no two-factor login yet.
login-submit = Log in
login-demo-users = Demo users
login-demo-password = Password for all

error-title = Something went wrong
error-forbidden = Not allowed
error-not-found = Not found
error-back = Back to the dashboard

dashboard-title = Dashboard
dashboard-agency = Agency
dashboard-overdue = Overdue cases
dashboard-overdue-none = No case is overdue.
dashboard-referrals = Referrals waiting for an answer
dashboard-referrals-none = No referral is waiting.
dashboard-by-phase = Cases by phase
dashboard-occupancy = Facility occupancy
dashboard-occupancy-none = Your agency runs no facility.

cases-title = Cases
cases-search = Search
cases-search-hint = A case number, or a name (with or without diacritics) in the cases your agency leads.
cases-count = { $total ->
    [0] No cases.
    [one] One case
   *[other] { $total } cases
}
filter-any = Any
filter-overdue-yes = With overdue items
filter-overdue-no = Nothing overdue
filter-lead-only = Only cases my agency leads
filter-apply = Filter
pager-label = Pages
pager-previous = Previous page
pager-next = Next page
pager-position = Page { $page } of { $pages }

case-title = Case { $number }
case-child = A child under 16: only assigned workers see the identity.
case-person = Person received
case-person-missing = No person is recorded.
case-deadlines = Deadlines
case-deadlines-none = No deadlines yet.
case-entitlements = Support entitlements
case-entitlement-clauses = Clauses of Article 37
case-timeline = Case timeline

field-case-number = Case number
field-received-on = Received on
field-channel = How received
field-phase = Phase
field-identification = Identification
field-scope = Your relation to the case
field-overdue = Overdue
field-lead-agency = Lead agency
field-version = Version
field-agency = Agency
field-roles = Roles
field-from-agency = From agency
field-sent-on = Sent on
field-answer-due = Answer due
field-facility = Facility
field-staying = Staying
field-capacity = Capacity
field-cases = Cases
field-deadline = To do
field-due-on = Due
field-status = Status
field-masked = Hidden — you may not see this

phase-received = Received
phase-in-shelter = In a shelter
phase-in-community = Supported in the community
phase-returned-home = Returned home
phase-reintegration = Reintegration
phase-handed-back = Handed back
phase-closed = Closed
phase-reopened = Reopened

identification-not-started = Not yet verified
identification-under-verification = Being verified
identification-victim = Identified victim
identification-not-victim = Not a victim
identification-unresolved = Unresolved

scope-lead = Lead
scope-referred = Referred
scope-supervised = Supervised (jurisdiction)
scope-emergency = Emergency access
scope-unrelated = Unrelated

entitlement-vietnamese-victim = Vietnamese victim
entitlement-accompanying-child = Child accompanying a victim
entitlement-being-identified-abroad = Being identified (returned from abroad)
entitlement-being-identified-in-vietnam = Being identified (in Vietnam)
entitlement-foreign-victim = Foreign victim
entitlement-not-victim = Not eligible for victim support

deadline-forward-self-report = Forward the self-report to the competent authority
deadline-verify-initial-information = Verify the initial information
deadline-shelter-meals-limit = End of board and lodging at the facility
deadline-hardship-allowance-application = Apply for the initial hardship allowance
deadline-forward-hardship-application = Forward the hardship allowance application
deadline-answer-referral = Answer the referral ({ $agency })
deadline-follow-up = Follow-up after { $month } months
deadline-done = Done
deadline-overdue = Overdue
deadline-open = Not yet due

person-full-name = Full name
person-other-names = Other names
person-sex = Sex
person-birth = Birth
person-nationality = Nationality
person-ethnicity = Ethnicity
person-identity-papers = Identity papers
person-permanent-residence = Permanent residence
person-current-residence = Current residence
person-contact = Contact
person-relatives = Relatives
person-estimated-age = about { $years } years old
sex-female = Female
sex-male = Male
sex-unknown = Unknown

command-receive = Received
command-start-verification = Verification started
command-request-verification = Verification requested
command-answer-verification = Verification answered
command-record-identification = Identification decided
command-record-trafficking = Trafficking recorded
command-assess-risk = Risk assessed
command-apply-protection = Protection measure applied
command-record-protection-incident = Threat recorded
command-assess-needs = Needs assessed
command-record-service = Support given
command-admit-to-facility = Admitted to a facility
command-discharge-from-facility = Left the facility
command-send-referral = Referral sent
command-accept-referral = Referral accepted
command-decline-referral = Referral declined
command-record-family-contact = Family contacted
command-record-return = Returned home
command-record-handback = Handed back
command-record-follow-up = Follow-up for reintegration
command-record-proceedings = Criminal proceedings
command-record-consent = Consent recorded
command-add-note = Note
command-assign-worker = Worker assigned
command-release-worker = Worker released
command-attach-document = Document attached
command-withdraw-attachment = Document withdrawn
command-apply-for-hardship-allowance = Hardship allowance applied for
command-forward-hardship-application = Hardship application forwarded
command-close = Case closed
command-reopen = Case reopened
command-merge-person = Duplicate person records merged

profile-title = My account
profile-must-change = Your password was reset by an administrator. Change it before going on.
profile-password = Change password
profile-current-password = Current password
profile-new-password = New password (at least 12 characters)
profile-confirm-password = New password again
profile-change-password = Change password
profile-confirm-mismatch = The two new passwords differ.
profile-password-changed = Password changed. Your other sessions have ended.
profile-locked = Too many wrong attempts; try again later.
profile-second-factor = Two-factor login
profile-second-factor-on = Two-factor login is on.
profile-second-factor-off = Not set up. Roles that may see identities must use two-factor login.
profile-second-factor-begin = Set up two-factor login
profile-second-factor-secret = Enter this key in your authenticator app (Google Authenticator, FreeOTP…), then type the 6-digit code it shows:
profile-second-factor-confirm = Confirm
profile-second-factor-enabled = Two-factor login is on.
profile-recovery-codes = Recovery codes (each works once if you lose your phone). Print or copy them now: they are shown only once.
