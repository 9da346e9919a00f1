# Haven — giao diện tiếng Việt (ngôn ngữ mặc định).
# Thuật ngữ theo Luật Phòng, chống mua bán người 2024 (Luật 53/2024/QH15).

app-tagline = Hệ thống tiếp nhận, xác minh, bảo vệ, hỗ trợ nạn nhân bị mua bán
skip-to-content = Bỏ qua, đến nội dung chính
lang-switch = English
nav-label = Điều hướng chính
nav-dashboard = Tổng quan
nav-cases = Hồ sơ
nav-referrals = Chuyển tuyến
nav-facilities = Cơ sở hỗ trợ
nav-profile = Tài khoản
nav-logout = Đăng xuất

login-title = Đăng nhập
login-username = Tên đăng nhập
login-password = Mật khẩu
login-code = Mã xác thực hai lớp
login-code-hint = Mã 6 chữ số từ ứng dụng xác thực, hoặc một mã khôi phục. Để trống nếu tài khoản chưa bật xác thực hai lớp.
login-submit = Đăng nhập
login-demo-users = Tài khoản dùng thử
login-demo-password = Mật khẩu chung

error-title = Có lỗi xảy ra
error-forbidden = Không được phép
error-not-found = Không tìm thấy
error-back = Về trang tổng quan

dashboard-title = Tổng quan
dashboard-agency = Cơ quan
dashboard-overdue = Hồ sơ quá hạn
dashboard-overdue-none = Không có hồ sơ nào quá hạn.
dashboard-referrals = Chuyển tuyến chờ trả lời
dashboard-referrals-none = Không có chuyển tuyến nào đang chờ.
dashboard-by-phase = Hồ sơ theo giai đoạn
dashboard-occupancy = Công suất cơ sở hỗ trợ
dashboard-occupancy-none = Cơ quan không quản lý cơ sở hỗ trợ nào.

cases-title = Hồ sơ
cases-search = Tìm kiếm
cases-search-hint = Số hồ sơ, hoặc họ tên (gõ có dấu hay không dấu đều được) trong hồ sơ do cơ quan chủ trì.
cases-count = { $total ->
    [0] Không có hồ sơ nào.
   *[other] { $total } hồ sơ
}
filter-any = Tất cả
filter-overdue-yes = Có việc quá hạn
filter-overdue-no = Không quá hạn
filter-lead-only = Chỉ hồ sơ cơ quan chủ trì
filter-apply = Lọc
pager-label = Phân trang
pager-previous = Trang trước
pager-next = Trang sau
pager-position = Trang { $page }/{ $pages }

case-title = Hồ sơ { $number }
case-child = Trẻ em dưới 16 tuổi: chỉ cán bộ được phân công xem thông tin nhân thân.
case-person = Người được tiếp nhận
case-person-missing = Không có thông tin người được tiếp nhận.
case-deadlines = Thời hạn
case-deadlines-none = Chưa có thời hạn nào.
case-entitlements = Chế độ hỗ trợ
case-entitlement-clauses = Các điểm của Điều 37
case-timeline = Diễn biến hồ sơ

field-case-number = Số hồ sơ
field-received-on = Ngày tiếp nhận
field-channel = Hình thức tiếp nhận
field-phase = Giai đoạn
field-identification = Xác định nạn nhân
field-scope = Quan hệ với hồ sơ
field-overdue = Quá hạn
field-lead-agency = Cơ quan chủ trì
field-version = Phiên bản
field-agency = Cơ quan
field-roles = Vai trò
field-from-agency = Cơ quan chuyển
field-sent-on = Ngày chuyển
field-answer-due = Hạn trả lời
field-facility = Cơ sở
field-staying = Đang ở
field-capacity = Sức chứa
field-cases = Số hồ sơ
field-deadline = Việc cần làm
field-due-on = Hạn
field-status = Tình trạng
field-masked = Ẩn — bạn không có quyền xem

phase-received = Mới tiếp nhận
phase-in-shelter = Đang ở cơ sở hỗ trợ
phase-in-community = Hỗ trợ tại cộng đồng
phase-returned-home = Đã về nơi cư trú
phase-reintegration = Tái hòa nhập cộng đồng
phase-handed-back = Đã trao trả
phase-closed = Đã kết thúc
phase-reopened = Mở lại

identification-not-started = Chưa xác minh
identification-under-verification = Đang xác minh
identification-victim = Là nạn nhân
identification-not-victim = Không phải nạn nhân
identification-unresolved = Chưa kết luận

scope-lead = Chủ trì
scope-referred = Được chuyển tuyến
scope-supervised = Giám sát theo địa bàn
scope-emergency = Truy cập khẩn cấp
scope-unrelated = Không liên quan

entitlement-vietnamese-victim = Nạn nhân là công dân Việt Nam
entitlement-accompanying-child = Con đi cùng nạn nhân
entitlement-being-identified-abroad = Người đang trong quá trình xác định là nạn nhân (từ nước ngoài trở về)
entitlement-being-identified-in-vietnam = Người đang trong quá trình xác định là nạn nhân (trong nước)
entitlement-foreign-victim = Nạn nhân là người nước ngoài
entitlement-not-victim = Không thuộc diện hỗ trợ nạn nhân

deadline-forward-self-report = Chuyển tin tự khai báo đến cơ quan có thẩm quyền
deadline-verify-initial-information = Xác minh thông tin ban đầu
deadline-shelter-meals-limit = Hết thời hạn hỗ trợ ăn ở tại cơ sở
deadline-hardship-allowance-application = Nộp hồ sơ trợ cấp khó khăn ban đầu
deadline-forward-hardship-application = Chuyển hồ sơ trợ cấp khó khăn ban đầu
deadline-answer-referral = Trả lời chuyển tuyến ({ $agency })
deadline-follow-up = Theo dõi sau { $month } tháng
deadline-done = Đã xong
deadline-overdue = Quá hạn
deadline-open = Chưa đến hạn

person-full-name = Họ và tên
person-other-names = Tên gọi khác
person-sex = Giới tính
person-birth = Năm sinh
person-nationality = Quốc tịch
person-ethnicity = Dân tộc
person-identity-papers = Giấy tờ tùy thân
person-permanent-residence = Nơi thường trú
person-current-residence = Nơi ở hiện tại
person-contact = Liên lạc
person-relatives = Người thân thích
person-estimated-age = khoảng { $years } tuổi
sex-female = Nữ
sex-male = Nam
sex-unknown = Chưa rõ

command-receive = Tiếp nhận
command-start-verification = Bắt đầu xác minh
command-request-verification = Đề nghị xác minh
command-answer-verification = Trả lời xác minh
command-record-identification = Xác định nạn nhân
command-record-trafficking = Ghi nhận hành vi mua bán người
command-assess-risk = Đánh giá nguy cơ
command-apply-protection = Áp dụng biện pháp bảo vệ
command-record-protection-incident = Ghi nhận sự việc đe dọa
command-assess-needs = Đánh giá nhu cầu
command-record-service = Hỗ trợ
command-admit-to-facility = Tiếp nhận vào cơ sở
command-discharge-from-facility = Rời cơ sở
command-send-referral = Chuyển tuyến
command-accept-referral = Nhận chuyển tuyến
command-decline-referral = Từ chối chuyển tuyến
command-record-family-contact = Liên hệ gia đình
command-record-return = Trở về nơi cư trú
command-record-handback = Trao trả
command-record-follow-up = Theo dõi, hỗ trợ tái hòa nhập
command-record-proceedings = Tố tụng hình sự
command-record-consent = Ý kiến đồng ý
command-add-note = Ghi chú
command-assign-worker = Phân công cán bộ
command-release-worker = Thôi phân công cán bộ
command-attach-document = Đính kèm tài liệu
command-withdraw-attachment = Rút tài liệu
command-apply-for-hardship-allowance = Đề nghị trợ cấp khó khăn ban đầu
command-forward-hardship-application = Chuyển hồ sơ trợ cấp
command-close = Kết thúc hồ sơ
command-reopen = Mở lại hồ sơ
command-merge-person = Gộp hồ sơ cá nhân trùng

profile-title = Tài khoản của tôi
profile-must-change = Mật khẩu của bạn do quản trị viên đặt lại. Hãy đổi mật khẩu trước khi làm việc tiếp.
profile-password = Đổi mật khẩu
profile-current-password = Mật khẩu hiện tại
profile-new-password = Mật khẩu mới (ít nhất 12 ký tự)
profile-confirm-password = Nhập lại mật khẩu mới
profile-change-password = Đổi mật khẩu
profile-confirm-mismatch = Hai lần nhập mật khẩu mới không giống nhau.
profile-password-changed = Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc.
profile-locked = Nhập sai quá nhiều lần; hãy thử lại sau.
profile-second-factor = Xác thực hai lớp
profile-second-factor-on = Đã bật xác thực hai lớp.
profile-second-factor-off = Chưa bật. Vai trò được xem thông tin nhân thân phải bật xác thực hai lớp.
profile-second-factor-begin = Bật xác thực hai lớp
profile-second-factor-secret = Nhập khóa sau vào ứng dụng xác thực (Google Authenticator, FreeOTP…), rồi nhập mã 6 chữ số ứng dụng hiển thị:
profile-second-factor-confirm = Xác nhận
profile-second-factor-enabled = Đã bật xác thực hai lớp.
profile-recovery-codes = Mã khôi phục (mỗi mã dùng được một lần khi mất điện thoại). Hãy in hoặc chép lại ngay: chúng chỉ hiện một lần.
