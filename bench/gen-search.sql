-- bantin search benchmark data: 100 000 synthetic articles on top of
-- db/sample.sql, for bench/search.sh.
--
--     BANTIN_DB=… build/bantin-admin create db/sample.sql bench/gen-search.sql
--
-- Unlike bench/gen.sql (24 fixed sentences, for the page bench), the text
-- here is drawn from a vocabulary, so that the search index has a realistic
-- shape: many distinct terms with very unequal document frequencies.
--
--   * bench_words: 1 880 real Vietnamese words and names (1–4 syllables,
--     about 1 400 distinct syllables), most frequent first.  Words are drawn
--     with a Zipf–Mandelbrot law, P(rank r) ∝ 1/(r + 3): "của" is 4.6 % of
--     the words, the last word of the list 0.01 %.  The table stays in the
--     database: bench/search.c draws its queries from it.
--   * bench_rare: 126 foreign names (Zelensky, Mbappé, Łódź, …) whose folded
--     form is no syllable of bench_words; one title in 40 gets one, so each
--     is in about 20 articles.  bench/search.c's "rare word" queries.
--   * a pool of 35 000 sentences of those words: 5 000 of 18–24 words (the
--     leads) and 30 011 of 6–22 words (the bodies; a prime, see below).
--   * each article: a title of 6–10 words (about 12 syllables), a lead of
--     one long sentence (about 30 syllables), and a plain-text body of 26–34
--     sentences in paragraphs of four (about 600 syllables, 3.5 KB: the size
--     of bench/gen.sql's bodies and of the reference article).  Sentence k
--     of the body is (seed + k·step) mod 30 011 with a random seed and step
--     per article: no sentence twice in one article, and every article a
--     different selection.
--   * sections, dates (the past two years), authors, pictures as in
--     bench/gen.sql; ids 1 000 001…; slugs NULL, for the schema's trigger.
--
-- Randomness is an integer hash of the row number (the "lowbias" mix:
-- x ^= x >> 16; x *= 0x45d9f3b; twice, then x ^= x >> 16; XOR written
-- (a | b) - (a & b)), so every run builds the same text.  The schema's
-- triggers fold and index every article as it is inserted: the time of the
-- whole `bantin-admin create` is the index build time bench/search.sh
-- reports.  bench/search.sh may lower the article count (the one number in
-- bench_knobs) for a quick run.  Needs SQLite's math functions (exp, ln),
-- which Debian's libsqlite3 has.

CREATE TEMP TABLE bench_knobs (articles INTEGER NOT NULL);
INSERT INTO bench_knobs (articles) VALUES (100000);

CREATE TABLE bench_words (id INTEGER PRIMARY KEY, word TEXT NOT NULL);
INSERT INTO bench_words (id, word) SELECT key + 1, value FROM json_each('[
  "của", "và", "các", "có", "là", "được", "trong", "cho", "với", "những",
  "một", "đã", "này", "người", "không", "khi", "đến", "về", "từ", "năm",
  "theo", "để", "tại", "cũng", "như", "sẽ", "ra", "nhiều", "đó", "vào", "lên",
  "trên", "sau", "còn", "thì", "mà", "nhưng", "hơn", "đang", "nên", "phải",
  "đều", "nhất", "rất", "lại", "bị", "do", "vì", "qua", "bằng", "nếu", "hoặc",
  "cùng", "tới", "giữa", "trước", "ngày", "tháng", "việc", "ông", "bà", "anh",
  "chị", "họ", "chúng tôi", "chúng ta", "nói", "cho biết", "thêm", "đây",
  "gì", "nào", "luôn", "vẫn", "chỉ", "mới", "đi", "làm", "biết", "thấy",
  "muốn", "cần", "có thể", "nhằm", "hiện nay", "tuy nhiên", "ngoài ra",
  "bên cạnh", "trong khi", "đồng thời", "hai", "ba", "bốn", "lần", "số",
  "tiếp tục", "thực hiện", "trong đó", "đối với", "so với", "cùng kỳ", "hàng",
  "mỗi", "toàn", "tất cả", "một số", "khoảng", "gần", "thời gian", "vừa",
  "sớm", "chưa", "đạt", "tăng", "giảm", "Việt Nam", "chính phủ", "Quốc hội",
  "kinh tế", "xã hội", "phát triển", "doanh nghiệp", "đầu tư", "thị trường",
  "người dân", "cơ quan", "đơn vị", "địa phương", "tỉnh", "thành phố",
  "huyện", "xã", "phường", "quận", "trung ương", "bộ", "ngành", "ủy ban",
  "nhân dân", "lãnh đạo", "cán bộ", "Hà Nội", "TP Hồ Chí Minh", "quốc phòng",
  "an ninh", "giáo dục", "y tế", "văn hóa", "thể thao", "du lịch",
  "môi trường", "nông nghiệp", "công nghiệp", "xuất khẩu", "nhập khẩu",
  "ngân hàng", "tài chính", "chứng khoán", "bất động sản", "giao thông",
  "xây dựng", "dự án", "chính sách", "pháp luật", "quy định", "nghị định",
  "thông tư", "luật", "hội nghị", "hội thảo", "đại biểu", "công chức", "sở",
  "phòng", "trường", "bệnh viện", "học sinh", "sinh viên", "giáo viên",
  "bác sĩ", "bệnh nhân", "công nhân", "nông dân", "thanh niên", "phụ nữ",
  "trẻ em", "gia đình", "cộng đồng", "quốc tế", "thế giới", "khu vực",
  "hợp tác", "quan hệ", "ngoại giao", "đối tác", "chiến lược", "toàn diện",
  "hòa bình", "ổn định", "an toàn", "bền vững", "hiệu quả", "chất lượng",
  "kết quả", "mục tiêu", "nhiệm vụ", "giải pháp", "kế hoạch", "chương trình",
  "đề án", "báo cáo", "thông tin", "dữ liệu", "công nghệ", "chuyển đổi số",
  "trực tuyến", "điện tử", "internet", "mạng xã hội", "điện thoại",
  "máy tính", "trí tuệ nhân tạo", "khoa học", "nghiên cứu", "sản xuất",
  "kinh doanh", "thương mại", "dịch vụ", "sản phẩm", "hàng hóa", "giá",
  "giá cả", "lạm phát", "tăng trưởng", "GDP", "ngân sách", "vốn", "tín dụng",
  "lãi suất", "tỷ giá", "đồng", "tỷ đồng", "triệu đồng", "USD", "tỷ USD",
  "nghìn", "triệu", "tỷ", "phần trăm", "lao động", "việc làm", "thu nhập",
  "tiền lương", "bảo hiểm", "an sinh", "nhà ở", "đất đai", "tài nguyên",
  "khoáng sản", "năng lượng", "điện", "xăng dầu", "than", "khí", "nước",
  "biển", "đảo", "sông", "núi", "rừng", "đồng bằng", "miền Bắc", "miền Trung",
  "miền Nam", "Tây Nguyên", "vùng", "biên giới", "lãnh thổ", "chủ quyền",
  "quân đội", "bộ đội", "hải quân", "không quân", "công an", "cảnh sát",
  "lực lượng", "chiến sĩ", "vụ án", "điều tra", "khởi tố", "bắt giữ",
  "tòa án", "xét xử", "bị cáo", "tội phạm", "ma túy", "tham nhũng",
  "lãng phí", "vi phạm", "xử phạt", "kiểm tra", "thanh tra", "giám sát",
  "kiểm toán", "tai nạn", "ô tô", "xe máy", "đường bộ", "đường sắt",
  "cao tốc", "sân bay", "cảng", "cầu", "hầm", "metro", "thời tiết", "mưa",
  "nắng", "bão", "lũ", "lụt", "sạt lở", "hạn hán", "xâm nhập mặn", "động đất",
  "nhiệt độ", "không khí", "ô nhiễm", "rác thải", "khí hậu",
  "biến đổi khí hậu", "dịch bệnh", "vắc xin", "tiêm chủng", "sức khỏe",
  "bệnh", "ung thư", "điều trị", "thuốc", "ca nhiễm", "cúm", "sốt xuất huyết",
  "khám bệnh", "phẫu thuật", "bóng đá", "đội tuyển", "cầu thủ",
  "huấn luyện viên", "trận đấu", "giải đấu", "vô địch", "bàn thắng",
  "huy chương", "câu lạc bộ", "người hâm mộ", "ca sĩ", "diễn viên", "phim",
  "âm nhạc", "nghệ thuật", "triển lãm", "lễ hội", "di sản", "di tích",
  "bảo tàng", "sách", "văn học", "nhà văn", "Tết", "mùa", "xuân", "hè", "thu",
  "đông", "sáng", "chiều", "tối", "đêm", "tuần", "quý", "tuổi", "cao", "thấp",
  "lớn", "nhỏ", "nhanh", "chậm", "mạnh", "yếu", "tốt", "xấu", "khó khăn",
  "thuận lợi", "quan trọng", "cần thiết", "đặc biệt", "cụ thể", "chủ động",
  "tích cực", "nghiêm túc", "kịp thời", "đồng bộ", "tổ chức", "triển khai",
  "đẩy mạnh", "tăng cường", "nâng cao", "hoàn thiện", "cải cách", "đổi mới",
  "sắp xếp", "tinh gọn", "ban hành", "phê duyệt", "thông qua", "ký kết",
  "khởi công", "khánh thành", "bàn giao", "hỗ trợ", "giúp đỡ", "ủng hộ",
  "quyên góp", "cứu trợ", "cứu hộ", "cứu nạn", "sơ tán", "di dời",
  "khắc phục", "phòng chống", "ứng phó", "cảnh báo", "dự báo", "khuyến cáo",
  "đề nghị", "yêu cầu", "chỉ đạo", "nhấn mạnh", "khẳng định", "cho rằng",
  "đánh giá", "phân tích", "thảo luận", "trao đổi", "chia sẻ", "tiếp nhận",
  "giải quyết", "xử lý", "phát hiện", "ghi nhận", "công bố", "thông báo",
  "tuyên bố", "phát biểu", "trả lời", "phỏng vấn", "họp báo", "cử tri",
  "bầu cử", "đại hội", "Đảng", "Bộ Chính trị", "Tổng Bí thư", "Chủ tịch nước",
  "Thủ tướng", "Phó Thủ tướng", "Bộ trưởng", "Thứ trưởng", "Chủ tịch",
  "Phó Chủ tịch", "Giám đốc", "Tổng giám đốc", "Bí thư", "đồng chí",
  "Đà Nẵng", "Hải Phòng", "Cần Thơ", "Huế", "Quảng Ninh", "Hạ Long",
  "Lào Cai", "Sa Pa", "Điện Biên", "Lai Châu", "Sơn La", "Hà Giang",
  "Cao Bằng", "Bắc Kạn", "Lạng Sơn", "Tuyên Quang", "Thái Nguyên", "Yên Bái",
  "Phú Thọ", "Vĩnh Phúc", "Bắc Giang", "Bắc Ninh", "Hải Dương", "Hưng Yên",
  "Thái Bình", "Nam Định", "Hà Nam", "Ninh Bình", "Hòa Bình", "Thanh Hóa",
  "Nghệ An", "Hà Tĩnh", "Quảng Bình", "Quảng Trị", "Quảng Nam", "Quảng Ngãi",
  "Bình Định", "Phú Yên", "Khánh Hòa", "Nha Trang", "Ninh Thuận",
  "Bình Thuận", "Phan Thiết", "Kon Tum", "Gia Lai", "Đắk Lắk", "Đắk Nông",
  "Lâm Đồng", "Đà Lạt", "Bình Phước", "Tây Ninh", "Bình Dương", "Đồng Nai",
  "Bà Rịa", "Vũng Tàu", "Long An", "Tiền Giang", "Bến Tre", "Trà Vinh",
  "Vĩnh Long", "Đồng Tháp", "An Giang", "Kiên Giang", "Phú Quốc", "Hậu Giang",
  "Sóc Trăng", "Bạc Liêu", "Cà Mau", "Côn Đảo", "Hoàng Sa", "Trường Sa",
  "Biển Đông", "sông Hồng", "Mê Kông", "Cửu Long", "Hoàn Kiếm", "Ba Đình",
  "Cầu Giấy", "Đống Đa", "Hai Bà Trưng", "Tây Hồ", "Long Biên", "Hà Đông",
  "Thủ Đức", "Bình Thạnh", "Gò Vấp", "Tân Bình", "Phú Nhuận", "Củ Chi",
  "Nhà Bè", "Cần Giờ", "Hội An", "Mỹ Sơn", "Tam Kỳ", "Vinh", "Đồng Hới",
  "Đông Hà", "Quy Nhơn", "Tuy Hòa", "Buôn Ma Thuột", "Pleiku", "Mộc Châu",
  "Mù Cang Chải", "Tràng An", "Yên Tử", "Cát Bà", "Lý Sơn", "Cù Lao Chàm",
  "Mỹ Tho", "Châu Đốc", "Rạch Giá", "Long Xuyên", "Mỹ", "Trung Quốc",
  "Nhật Bản", "Hàn Quốc", "Nga", "Pháp", "Đức", "Anh", "Ấn Độ", "Australia",
  "Lào", "Campuchia", "Thái Lan", "Singapore", "Malaysia", "Indonesia",
  "Philippines", "Myanmar", "Brunei", "ASEAN", "Liên Hợp Quốc", "châu Âu",
  "châu Á", "châu Phi", "Ukraine", "Israel", "Iran", "Canada", "Brazil",
  "Cuba", "Washington", "Bắc Kinh", "Tokyo", "Seoul", "Moskva", "Paris",
  "London", "Berlin", "Bangkok", "Viêng Chăn", "Phnom Penh", "Jakarta",
  "Manila", "New York", "NATO", "WHO", "IMF", "WTO", "APEC",
  "Ngân hàng Thế giới", "nhà", "cửa", "đường", "phố", "làng", "quê", "thôn",
  "bản", "ấp", "chợ", "siêu thị", "cửa hàng", "nhà máy", "khu công nghiệp",
  "khu đô thị", "chung cư", "căn hộ", "biệt thự", "công viên", "vỉa hè",
  "mua", "bán", "ăn", "uống", "ngủ", "chạy", "học", "dạy", "viết", "đọc",
  "xem", "nghe", "gặp", "gửi", "nhận", "mở", "đóng", "xây", "sửa", "tiền",
  "vàng", "bạc", "gạo", "lúa", "cà phê", "hồ tiêu", "cao su", "hạt điều",
  "thủy sản", "tôm", "cá tra", "trái cây", "thanh long", "sầu riêng", "xoài",
  "vải thiều", "chuối", "dừa", "rau", "thịt", "lợn", "gà", "bò", "trứng",
  "sữa", "muối", "mía", "ngô", "sắn", "khoai", "chè", "trà", "hoa", "cây",
  "lá", "đất", "đá", "cát", "sỏi", "xi măng", "sắt thép", "gỗ", "nhựa",
  "giấy", "vải", "dệt may", "da giày", "linh kiện", "máy móc", "thiết bị",
  "phương tiện", "tàu", "thuyền", "ngư dân", "ngư trường", "cảng cá",
  "xe buýt", "xe khách", "xe tải", "tàu hỏa", "máy bay", "chuyến bay",
  "hành khách", "hàng không", "vé", "trạm thu phí", "lưu thông", "ùn tắc",
  "kẹt xe", "cháy", "nổ", "hỏa hoạn", "cứu hỏa", "thiệt hại", "thương vong",
  "tử vong", "bị thương", "mất tích", "tìm kiếm", "thi thể", "nạn nhân",
  "gia cảnh", "hoàn cảnh", "khó nghèo", "giảm nghèo", "hộ nghèo", "cận nghèo",
  "nông thôn mới", "đô thị", "đô thị hóa", "quy hoạch", "giải phóng mặt bằng",
  "bồi thường", "tái định cư", "khiếu nại", "tố cáo", "kiến nghị", "phản ánh",
  "dư luận", "báo chí", "phóng viên", "nhà báo", "truyền hình", "phát thanh",
  "tòa soạn", "bài viết", "tin tức", "sự kiện", "hoạt động", "phong trào",
  "thi đua", "khen thưởng", "kỷ luật", "cách chức", "bổ nhiệm", "miễn nhiệm",
  "từ chức", "nghỉ hưu", "nhiệm kỳ", "tuyển dụng", "thi tuyển", "kỳ thi",
  "tốt nghiệp", "đại học", "cao đẳng", "trung cấp", "nghề", "đào tạo",
  "bồi dưỡng", "học bổng", "học phí", "sách giáo khoa", "chương trình học",
  "lớp học", "điểm thi", "thủ khoa", "tuyển sinh", "thí sinh", "phụ huynh",
  "nhà trường", "mầm non", "tiểu học", "trung học", "phổ thông", "giảng viên",
  "tiến sĩ", "thạc sĩ", "giáo sư", "phó giáo sư", "nhà khoa học", "phát minh",
  "sáng chế", "đổi mới sáng tạo", "khởi nghiệp", "startup", "vườn ươm",
  "công ty", "tập đoàn", "tổng công ty", "cổ phần", "cổ phiếu", "trái phiếu",
  "cổ đông", "lợi nhuận", "doanh thu", "thua lỗ", "nợ", "nợ xấu", "phá sản",
  "sáp nhập", "mua lại", "niêm yết", "sàn", "VN-Index", "nhà đầu tư",
  "vốn hóa", "thanh khoản", "giao dịch", "tiền gửi", "tiết kiệm", "cho vay",
  "thẻ tín dụng", "thanh toán", "ví điện tử", "mã QR", "tiền số", "tiền ảo",
  "lừa đảo", "chiếm đoạt", "tài sản", "rửa tiền", "buôn lậu", "hàng giả",
  "hàng nhái", "gian lận", "thương mại điện tử", "sàn thương mại điện tử",
  "người tiêu dùng", "khách hàng", "thương hiệu", "chất lượng cao", "giá trị",
  "kim ngạch", "thặng dư", "thâm hụt", "cán cân", "hiệp định", "FTA", "EVFTA",
  "CPTPP", "RCEP", "thuế", "thuế quan", "hải quan", "phí", "lệ phí",
  "thủ tục", "hồ sơ", "giấy phép", "cấp phép", "đăng ký", "căn cước công dân",
  "định danh", "VNeID", "cổng dịch vụ công", "một cửa", "liên thông",
  "cải cách hành chính", "chính quyền", "chính quyền số", "kinh tế số",
  "xã hội số", "hạ tầng", "viễn thông", "băng rộng", "5G", "cáp quang",
  "vệ tinh", "an ninh mạng", "tấn công mạng", "mã độc", "tin tặc", "lộ lọt",
  "dữ liệu cá nhân", "bảo mật", "phần mềm", "ứng dụng", "nền tảng", "bán dẫn",
  "vi mạch", "chip", "robot", "tự động hóa", "điện mặt trời", "điện gió",
  "thủy điện", "nhiệt điện", "điện hạt nhân", "lưới điện", "tiết kiệm điện",
  "cắt điện", "mất điện", "nắng nóng", "rét đậm", "rét hại", "sương muối",
  "mưa lớn", "mưa đá", "lốc xoáy", "áp thấp nhiệt đới", "triều cường",
  "ngập úng", "lũ quét", "lũ ống", "hồ chứa", "đê điều", "thủy lợi",
  "kênh mương", "nước sạch", "nước sinh hoạt", "xử lý nước thải", "khói bụi",
  "bụi mịn", "chất lượng không khí", "cây xanh", "trồng rừng", "phá rừng",
  "cháy rừng", "động vật hoang dã", "đa dạng sinh học", "vườn quốc gia",
  "khu bảo tồn", "san hô", "rùa biển", "voi", "hổ", "chim", "cá", "côn trùng",
  "mùa vụ", "thu hoạch", "năng suất", "sản lượng", "giống", "phân bón",
  "thuốc bảo vệ thực vật", "chăn nuôi", "trồng trọt", "hợp tác xã",
  "nông sản", "tiêu thụ", "giải cứu", "chế biến", "bảo quản", "logistics",
  "kho bãi", "vận tải", "vận chuyển", "xuất xứ", "truy xuất nguồn gốc",
  "an toàn thực phẩm", "ngộ độc", "thực phẩm", "bếp ăn", "dinh dưỡng",
  "béo phì", "suy dinh dưỡng", "tim mạch", "đột quỵ", "tiểu đường",
  "huyết áp", "hô hấp", "phổi", "gan", "thận", "ghép tạng", "hiến máu",
  "cấp cứu", "hồi sức", "chẩn đoán", "xét nghiệm", "y bác sĩ", "điều dưỡng",
  "trạm y tế", "bảo hiểm y tế", "bảo hiểm xã hội", "lương hưu", "trợ cấp",
  "người cao tuổi", "người khuyết tật", "trẻ mồ côi", "bạo lực gia đình",
  "xâm hại", "bình đẳng giới", "dân số", "sinh con", "mức sinh", "già hóa",
  "di cư", "lao động nước ngoài", "xuất khẩu lao động", "kiều hối",
  "Việt kiều", "người Việt", "cộng đồng người Việt", "đại sứ quán", "đại sứ",
  "lãnh sự", "công dân", "hộ chiếu", "thị thực", "visa", "miễn thị thực",
  "du khách", "khách quốc tế", "khách sạn", "nhà hàng", "ẩm thực", "món ăn",
  "phở", "bánh mì", "bún chả", "cơm tấm", "nem", "bánh chưng", "áo dài",
  "nón lá", "đình", "chùa", "đền", "nhà thờ", "tín ngưỡng", "tôn giáo",
  "Phật giáo", "Công giáo", "lễ", "giỗ Tổ", "Hùng Vương", "Quốc khánh",
  "giải phóng", "thống nhất", "chiến tranh", "kháng chiến", "cựu chiến binh",
  "liệt sĩ", "thương binh", "mẹ Việt Nam anh hùng", "tri ân",
  "đền ơn đáp nghĩa", "nghĩa trang", "tượng đài", "lịch sử", "truyền thống",
  "bản sắc", "dân tộc", "đồng bào", "dân tộc thiểu số", "vùng sâu", "vùng xa",
  "miền núi", "hải đảo", "biên phòng", "cảnh sát biển", "kiểm ngư",
  "tuần tra", "diễn tập", "huấn luyện", "vũ khí", "tên lửa", "tàu ngầm",
  "máy bay chiến đấu", "xe tăng", "pháo", "quân sự", "quân khu", "quân chủng",
  "binh chủng", "tác chiến", "sẵn sàng chiến đấu", "gìn giữ hòa bình",
  "xung đột", "chiến sự", "ngừng bắn", "đàm phán", "thỏa thuận",
  "lệnh trừng phạt", "cấm vận", "tổng thống", "thủ tướng", "ngoại trưởng",
  "bộ trưởng quốc phòng", "quốc vương", "hoàng gia", "nghị viện",
  "quốc hội Mỹ", "Nhà Trắng", "Điện Kremlin", "bầu cử tổng thống",
  "ứng cử viên", "cử tri Mỹ", "đảng Dân chủ", "đảng Cộng hòa",
  "kinh tế thế giới", "suy thoái", "khủng hoảng", "chuỗi cung ứng", "giá dầu",
  "OPEC", "Fed", "đồng đô la", "nhân dân tệ", "euro", "yên Nhật",
  "vàng miếng", "vàng nhẫn", "SJC", "giá vàng", "giá xăng", "giá điện",
  "giá nhà", "giá đất", "đấu giá", "đấu thầu", "chỉ định thầu", "gói thầu",
  "nhà thầu", "chủ đầu tư", "tiến độ", "chậm tiến độ", "đội vốn", "giải ngân",
  "đầu tư công", "vốn ODA", "FDI", "vốn ngoại", "khu kinh tế", "đặc khu",
  "cửa khẩu", "thông quan", "biên mậu", "tiểu ngạch", "chính ngạch",
  "nông dân Tây Nguyên", "vựa lúa", "cánh đồng", "ruộng", "vườn", "ao", "hồ",
  "suối", "thác", "hang động", "Phong Nha", "Sơn Đoòng", "vịnh", "bãi biển",
  "resort", "homestay", "lữ hành", "tour", "điểm đến", "check-in",
  "mùa du lịch", "lượng khách", "cao điểm", "thấp điểm", "lễ 30/4", "kỳ nghỉ",
  "nghỉ lễ", "nghỉ Tết", "đón Tết", "chợ Tết", "pháo hoa", "đêm giao thừa",
  "năm mới", "đầu năm", "cuối năm", "giữa năm", "sáu tháng", "chín tháng",
  "mười tháng", "năm ngoái", "năm tới", "giai đoạn", "thời kỳ", "kỷ nguyên",
  "tầm nhìn", "định hướng", "nghị quyết", "kết luận", "chỉ thị", "công điện",
  "quyết định", "văn bản", "hướng dẫn", "tiêu chuẩn", "quy chuẩn",
  "quy trình", "cơ chế", "thể chế", "điểm nghẽn", "nút thắt", "tháo gỡ",
  "vướng mắc", "bất cập", "hạn chế", "tồn tại", "yếu kém", "trách nhiệm",
  "người đứng đầu", "tập thể", "cá nhân", "đoàn kết", "thống nhất ý chí",
  "niềm tin", "kỳ vọng", "động lực", "tiềm năng", "lợi thế", "cơ hội",
  "thách thức", "rủi ro", "nguy cơ", "xu hướng", "bối cảnh", "tình hình",
  "diễn biến", "phức tạp", "căng thẳng", "nghiêm trọng", "bất thường",
  "kỷ lục", "đầu tiên", "duy nhất", "hàng đầu", "lớn nhất", "cao nhất",
  "thấp nhất", "mạnh nhất", "hơn nữa", "tuyệt vời", "ấn tượng", "xuất sắc",
  "nổi bật", "đáng chú ý", "đáng kể", "gấp đôi", "gấp ba", "một nửa",
  "phần lớn", "hầu hết", "đa số", "thiểu số", "bình quân", "trung bình",
  "tổng cộng", "tổng số", "tỷ lệ", "chỉ số", "con số", "thống kê", "khảo sát",
  "điều tra dân số", "Tổng cục Thống kê", "Ngân hàng Nhà nước",
  "Bộ Tài chính", "Bộ Công Thương", "Bộ Y tế", "Bộ Giáo dục", "Bộ Quốc phòng",
  "Bộ Công an", "Bộ Ngoại giao", "Bộ Xây dựng", "Bộ Giao thông vận tải",
  "Bộ Nội vụ", "Bộ Tư pháp", "Thanh tra Chính phủ", "Kiểm toán Nhà nước",
  "Viện kiểm sát", "Tòa án nhân dân", "Mặt trận Tổ quốc", "Đoàn Thanh niên",
  "Hội Liên hiệp Phụ nữ", "Công đoàn", "Hội Nông dân", "Hội Cựu chiến binh",
  "Hội Chữ thập đỏ", "quỹ", "từ thiện", "tình nguyện", "tình nguyện viên",
  "mùa hè xanh", "hiến tặng", "trao tặng", "học sinh nghèo",
  "nhà tình thương", "nhà tình nghĩa", "mái ấm", "bếp", "cơm", "áo", "quần",
  "giày", "mũ bảo hiểm", "nồng độ cồn", "tốc độ", "vượt đèn đỏ", "camera",
  "phạt nguội", "giấy phép lái xe", "đăng kiểm", "biển số", "đấu giá biển số",
  "bãi đỗ xe", "xe điện", "xe buýt điện", "xe đạp", "đi bộ", "phố đi bộ",
  "quảng trường", "sân vận động", "Mỹ Đình", "nhà thi đấu", "bể bơi",
  "sân golf", "marathon", "bơi lội", "điền kinh", "bóng chuyền", "bóng rổ",
  "quần vợt", "cầu lông", "bóng bàn", "cờ vua", "võ thuật", "vovinam",
  "karate", "taekwondo", "boxing", "thể hình", "đua xe", "bóng đá nữ",
  "đội tuyển Việt Nam", "U23", "AFF Cup", "Asian Cup", "Ngoại hạng Anh",
  "Champions League", "chuyển nhượng", "hợp đồng", "tiền đạo", "tiền vệ",
  "hậu vệ", "thủ môn", "ghi bàn", "kiến tạo", "phạt đền", "thẻ đỏ",
  "trọng tài", "VAR", "sân nhà", "sân khách", "hiệp một", "hiệp hai",
  "chung kết", "bán kết", "tứ kết", "vòng bảng", "bảng xếp hạng", "điểm số",
  "phong độ", "chấn thương", "giải nghệ", "ngôi sao", "hoa hậu", "người mẫu",
  "thời trang", "showbiz", "MV", "album", "bài hát", "buổi hòa nhạc",
  "liveshow", "sân khấu", "khán giả", "điện ảnh", "phòng vé",
  "doanh thu phòng vé", "đạo diễn", "kịch bản", "liên hoan phim",
  "giải thưởng", "Cánh Diều", "truyện", "tiểu thuyết", "thơ", "nhà thơ",
  "họa sĩ", "tranh", "nhiếp ảnh", "mỹ thuật", "thủ công", "làng nghề", "gốm",
  "sơn mài", "lụa", "thổ cẩm", "nhã nhạc", "ca trù", "quan họ",
  "đờn ca tài tử", "hát xoan", "cồng chiêng", "múa rối nước", "UNESCO",
  "di sản thế giới", "di sản văn hóa phi vật thể", "bảo tồn", "trùng tu",
  "phục dựng", "khai quật", "khảo cổ", "cổ vật", "hiện vật",
  "bảo vật quốc gia", "bắt đầu", "kết thúc", "diễn ra", "tham gia", "tham dự",
  "chủ trì", "đồng chủ trì", "tiếp đón", "tiếp kiến", "hội đàm", "hội kiến",
  "thăm", "chuyến thăm", "thăm chính thức", "thăm cấp nhà nước", "đoàn",
  "phái đoàn", "đại diện", "thành viên", "tổng thư ký", "thư ký", "trợ lý",
  "cố vấn", "chuyên gia", "kỹ sư", "kiến trúc sư", "luật sư", "thẩm phán",
  "kiểm sát viên", "điều tra viên", "cán bộ chiến sĩ", "sĩ quan", "học viên",
  "sinh viên năm cuối", "người lao động", "người sử dụng lao động",
  "chủ doanh nghiệp", "tiểu thương", "hộ kinh doanh", "nông hộ", "trang trại",
  "cơ sở", "xưởng", "phân xưởng", "dây chuyền", "công suất", "vận hành",
  "bảo trì", "nâng cấp", "mở rộng", "cải tạo", "sửa chữa", "thay thế",
  "lắp đặt", "thi công", "nghiệm thu", "quyết toán", "tạm ứng", "hoàn trả",
  "thu hồi", "tịch thu", "phong tỏa", "kê biên", "tạm giữ", "tạm giam",
  "truy nã", "đầu thú", "di lý", "khám xét", "thu giữ", "tang vật",
  "đường dây", "ổ nhóm", "băng nhóm", "côn đồ", "cướp", "trộm cắp",
  "giết người", "cố ý gây thương tích", "lạm dụng chức vụ", "nhận hối lộ",
  "đưa hối lộ", "môi giới", "vi phạm quy định", "thiếu trách nhiệm",
  "hậu quả nghiêm trọng", "án tù", "tù chung thân", "tử hình", "ân xá",
  "đặc xá", "tái hòa nhập", "phục hồi", "phục hồi kinh tế",
  "phục hồi sản xuất", "khôi phục", "bình thường mới", "thích ứng",
  "linh hoạt", "kiểm soát", "ngăn chặn", "đẩy lùi", "dập tắt", "lây lan",
  "lây nhiễm", "ổ dịch", "cách ly", "giãn cách", "khẩu trang", "sát khuẩn",
  "khử khuẩn", "triệu chứng", "sốt", "ho", "khó thở", "mệt mỏi", "đau đầu",
  "đau bụng", "tiêu chảy", "ngứa", "dị ứng", "viêm", "nhiễm trùng",
  "kháng sinh", "kháng thuốc", "virus", "vi khuẩn", "biến chủng", "miễn dịch",
  "kháng thể", "mũi tiêm", "liều", "tác dụng phụ", "phản ứng", "sốc phản vệ",
  "tử vong mẹ", "sơ sinh", "sản phụ", "thai phụ", "sinh non", "hiếm muộn",
  "thụ tinh ống nghiệm", "di truyền", "gen", "tế bào gốc", "nội soi",
  "xạ trị", "hóa trị", "u", "khối u", "ung thư phổi", "ung thư gan",
  "ung thư vú", "tầm soát", "khám sức khỏe", "sàng lọc", "vắc xin phòng",
  "trung tâm kiểm soát bệnh tật", "viện", "viện nghiên cứu",
  "phòng thí nghiệm", "thí nghiệm", "thử nghiệm", "kết quả nghiên cứu",
  "công bố quốc tế", "tạp chí", "bài báo khoa học", "hội đồng",
  "giáo sư đầu ngành", "chức danh", "học hàm", "học vị", "luận án", "đề tài",
  "kinh phí", "tài trợ", "học sinh giỏi", "olympic quốc tế",
  "huy chương vàng", "huy chương bạc", "huy chương đồng", "giải nhất",
  "giải nhì", "giải ba", "giải khuyến khích", "bằng khen", "danh hiệu",
  "anh hùng lao động", "nghệ sĩ nhân dân", "nghệ sĩ ưu tú",
  "nhà giáo nhân dân", "thầy thuốc nhân dân", "trọng thể", "long trọng",
  "trang trọng", "ấm cúng", "sôi nổi", "nhộn nhịp", "đông đúc", "vắng vẻ",
  "yên bình", "thanh bình", "tươi đẹp", "hùng vĩ", "thơ mộng", "hoang sơ",
  "nguyên sơ", "trong xanh", "xanh mát", "nóng bức", "oi ả", "lạnh giá",
  "ẩm ướt", "khô hanh", "mát mẻ", "dễ chịu", "khắc nghiệt", "hiểm trở",
  "gập ghềnh", "quanh co", "chênh vênh", "cheo leo", "xa xôi", "hẻo lánh",
  "heo hút", "biệt lập", "chia cắt", "cô lập", "tiếp cận", "kết nối",
  "liên kết", "chuỗi giá trị", "vùng nguyên liệu", "hợp đồng bao tiêu",
  "đầu ra", "đầu vào", "chi phí", "giá thành", "giá bán", "giá mua",
  "thương lái", "đại lý", "phân phối", "bán lẻ", "bán buôn", "tiêu dùng",
  "sức mua", "cung", "khan hiếm", "dư thừa", "tồn kho", "hàng tồn",
  "khuyến mãi", "giảm giá", "ưu đãi", "miễn phí", "trả góp", "Black Friday",
  "mua sắm", "mua sắm trực tuyến", "giao hàng", "shipper", "đơn hàng",
  "gian hàng", "người bán", "người mua", "livestream", "KOL", "quảng cáo",
  "tiếp thị", "truyền thông", "thương hiệu quốc gia", "hàng Việt",
  "người Việt dùng hàng Việt", "xúc tiến thương mại", "hội chợ",
  "triển lãm quốc tế", "diễn đàn", "diễn đàn kinh tế", "tọa đàm", "đối thoại",
  "chất vấn", "trả lời chất vấn", "phiên họp", "kỳ họp", "khai mạc", "bế mạc",
  "biểu quyết", "tán thành", "thông qua luật", "dự thảo", "dự thảo luật",
  "sửa đổi", "bổ sung", "lấy ý kiến", "góp ý", "thẩm định", "thẩm tra",
  "giải trình", "tiếp thu", "hiến pháp", "bộ luật", "luật đất đai",
  "luật nhà ở", "luật kinh doanh bất động sản", "luật đầu tư",
  "luật doanh nghiệp", "luật giáo dục", "luật khám chữa bệnh",
  "luật giao thông", "luật an ninh mạng", "luật thuế",
  "thuế thu nhập cá nhân", "thuế giá trị gia tăng", "thuế tiêu thụ đặc biệt",
  "thuế thu nhập doanh nghiệp", "giảm thuế", "miễn thuế", "gia hạn", "giãn",
  "hoãn", "tạm dừng", "dừng", "chấm dứt", "hủy bỏ", "bãi bỏ", "điều chỉnh",
  "thay đổi", "cập nhật", "bổ sung nguồn", "cân đối", "phân bổ", "điều hành",
  "quản lý", "quản trị", "vận hành thị trường", "minh bạch", "công khai",
  "công bằng", "dân chủ", "kỷ cương", "liêm chính", "phục vụ", "hài lòng",
  "mức độ hài lòng", "chỉ số năng lực cạnh tranh", "xếp hạng", "vị trí",
  "thứ hạng", "top", "dẫn đầu", "đứng đầu", "đứng thứ hai", "cuối bảng",
  "tụt hạng", "thăng hạng", "vươn lên", "bứt phá", "cất cánh", "hóa rồng",
  "thịnh vượng", "giàu mạnh", "văn minh", "hiện đại", "thông minh", "xanh",
  "sạch", "đẹp", "sáng tạo", "năng động", "trẻ trung", "cởi mở", "thân thiện",
  "hiếu khách", "mến khách", "chân thành", "tin cậy", "uy tín",
  "trách nhiệm xã hội", "phát thải", "trung hòa carbon", "net zero",
  "tín chỉ carbon", "kinh tế xanh", "kinh tế tuần hoàn", "tăng trưởng xanh",
  "chuyển đổi xanh", "năng lượng tái tạo", "hydro xanh", "xe điện VinFast",
  "trạm sạc", "pin", "lithium", "đất hiếm", "bauxite", "titan", "dầu khí",
  "Petrovietnam", "EVN", "Vietnam Airlines", "Vietjet", "Viettel", "VNPT",
  "FPT", "Vingroup", "Vinamilk", "Hòa Phát", "Masan", "Sabeco", "Agribank",
  "Vietcombank", "VietinBank", "BIDV", "Techcombank", "MB", "VPBank",
  "Sacombank", "ACB", "SHB"]');

CREATE TABLE bench_rare (id INTEGER PRIMARY KEY, word TEXT NOT NULL);
INSERT INTO bench_rare (id, word) SELECT key + 1, value FROM json_each('[
  "Zelensky", "Pfizer", "Moderna", "AstraZeneca", "Nvidia", "Foxconn",
  "Boeing", "Airbus", "Haaland", "Guardiola", "Ancelotti", "Netflix",
  "TikTok", "Shopee", "Lazada", "Huawei", "Xiaomi", "Qualcomm", "Bitcoin",
  "Ethereum", "Binance", "Kyiv", "Gaza", "Hamas", "Taliban", "Kabul",
  "Tehran", "Caracas", "Budapest", "Warszawa", "Bratislava", "Ljubljana",
  "Zagreb", "Belgrade", "Bucharest", "Vilnius", "Riga", "Tallinn", "Helsinki",
  "Oslo", "Stockholm", "Copenhagen", "Dublin", "Lisbon", "Madrid", "Athens",
  "Ankara", "Istanbul", "Cairo", "Nairobi", "Lagos", "Pretoria", "Canberra",
  "Wellington", "Ottawa", "Lima", "Montevideo", "Quito", "Kathmandu",
  "Thimphu", "Dhaka", "Colombo", "Islamabad", "Karachi", "Mumbai", "Chennai",
  "Kolkata", "Bengaluru", "Osaka", "Kyoto", "Nagoya", "Fukuoka", "Sapporo",
  "Busan", "Incheon", "Daegu", "Shenzhen", "Guangzhou", "Chengdu", "Wuhan",
  "Hangzhou", "Nanning", "Kunming", "Vladivostok", "Novosibirsk", "Mbappé",
  "Modrić", "Reykjavík", "Bogotá", "Chișinău", "Asunción", "Brasília",
  "Düsseldorf", "Zürich", "Gdańsk", "Kraków", "Malmö", "Tromsø", "Genève",
  "Québec", "Montréal", "Curaçao", "Yaoundé", "Lomé", "Córdoba", "Málaga",
  "Sevilla", "Valparaíso", "Medellín", "Cancún", "Mérida", "Orléans",
  "Besançon", "Nîmes", "Köln", "München", "Göteborg", "Århus", "Plzeň",
  "Brno", "Pécs", "Łódź", "Poznań", "Timișoara", "Iași", "Niš"]');

-- rnd: 2^20 hashed integers; row 8·n + s is the random number s of
-- article n (s = 0…4), row 8·i + 5…7 those of pool sentence i.
CREATE TEMP TABLE rnd (i INTEGER PRIMARY KEY, r INTEGER NOT NULL);
WITH RECURSIVE
  s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < 1048575),
  a(i, x) AS (SELECT i, (((i >> 16) | i) - ((i >> 16) & i)) * 73244475 & 4294967295 FROM s),
  b(i, x) AS (SELECT i, (((x >> 16) | x) - ((x >> 16) & x)) * 73244475 & 4294967295 FROM a)
INSERT INTO rnd (i, r) SELECT i, ((x >> 16) | x) - ((x >> 16) & x) FROM b;

-- zipf: 65 536 slots; a uniform slot gives a word with the Zipf–Mandelbrot
-- law above (inverse of its distribution function, rank = ⌊3·((V+3)/3)^u − 3⌋ + 1).
CREATE TEMP TABLE zipf (slot INTEGER PRIMARY KEY, word TEXT NOT NULL);
WITH RECURSIVE
  s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < 65535),
  v(n) AS (SELECT count(*) FROM bench_words)
INSERT INTO zipf (slot, word)
SELECT i, (SELECT word FROM bench_words WHERE id = min(n,
         CAST(3.0 * exp((i + 0.5) / 65536.0 * ln((n + 3.0) / 3.0)) - 3.0 AS INTEGER) + 1))
FROM s, v;

CREATE TEMP TABLE nums (k INTEGER PRIMARY KEY);
WITH RECURSIVE s(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM s WHERE k < 63)
INSERT INTO nums (k) SELECT k FROM s;

-- The sentences: word k is slot (seed + k·step) mod 65 536, step odd.
CREATE TEMP TABLE pool (id INTEGER PRIMARY KEY, t TEXT NOT NULL);
WITH RECURSIVE
  s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < 35010),
  p(i, len, seed, step) AS (
    SELECT i,
           CASE WHEN i < 5000 THEN 18 + (SELECT r FROM rnd WHERE rnd.i = 8 * s.i + 5) % 7
                ELSE 6 + (SELECT r FROM rnd WHERE rnd.i = 8 * s.i + 5) % 17 END,
           (SELECT r FROM rnd WHERE rnd.i = 8 * s.i + 6) % 65536,
           (SELECT r FROM rnd WHERE rnd.i = 8 * s.i + 7) % 32768 * 2 + 1
    FROM s)
INSERT INTO pool (id, t)
SELECT i, (SELECT group_concat(w, ' ') FROM (
             SELECT z.word AS w FROM nums JOIN zipf z ON z.slot = (seed + nums.k * step) % 65536
             WHERE nums.k < len ORDER BY nums.k)) || '.'
FROM p;

CREATE TEMP TABLE author (i INTEGER PRIMARY KEY, t TEXT NOT NULL);
INSERT INTO author (i, t) VALUES
  (0, 'Minh Anh'), (1, 'Thu Hằng'), (2, 'Quang Huy'), (3, 'Ngọc Lan'),
  (4, 'Đức Tuấn'), (5, 'Hải Yến'), (6, 'Văn Thành'), (7, 'Phương Thảo');

WITH RECURSIVE
  seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq
             WHERE n < (SELECT articles FROM bench_knobs)),
  art(n, r0, r1, r2, r3, r4) AS (
    SELECT n, (SELECT r FROM rnd WHERE i = 8 * n), (SELECT r FROM rnd WHERE i = 8 * n + 1),
           (SELECT r FROM rnd WHERE i = 8 * n + 2), (SELECT r FROM rnd WHERE i = 8 * n + 3),
           (SELECT r FROM rnd WHERE i = 8 * n + 4)
    FROM seq),
  -- Body: 26–34 sentences, (seed + k·step) mod 30 011 (prime: no repeat).
  -- Title: 6–10 words, slot (seed + k·step) mod 65 536; one in 40 gets a
  -- rare name after its second word.
  plan(n, nsent, bseed, bstep, tlen, tseed, tstep, lead, rare, r4) AS (
    SELECT n, 26 + r0 % 9, r1 % 30011, 1 + r2 % 30010,
           6 + (r0 >> 8) % 5, (r3 >> 4) % 65536, (r4 >> 4) % 32768 * 2 + 1,
           r3 % 5000,
           CASE WHEN (r4 >> 20) % 40 = 0
                THEN (SELECT word FROM bench_rare WHERE id = 1 + (r2 >> 16) % (SELECT count(*) FROM bench_rare)) END,
           r4
    FROM art)
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url,
                      image_caption, author, source, status, published_at,
                      updated_at, view_count)
SELECT 1000000 + n,
       n % 7 + 1,
       (SELECT group_concat(w, ' ') FROM (
          SELECT z.word AS w, nums.k AS k FROM nums JOIN zipf z ON z.slot = (tseed + nums.k * tstep) % 65536
          WHERE nums.k < tlen
          UNION ALL SELECT rare, 1.5 WHERE rare IS NOT NULL
          ORDER BY 2)),
       (SELECT t FROM pool WHERE id = lead),
       (SELECT rtrim(group_concat(piece, ''), ' ' || char(10)) FROM (
          SELECT p.t || CASE WHEN nums.k % 4 = 3 THEN char(10, 10) ELSE ' ' END AS piece
          FROM nums JOIN pool p ON p.id = 5000 + (bseed + nums.k * bstep) % 30011
          WHERE nums.k < nsent ORDER BY nums.k)),
       'text',
       CASE WHEN n % 3 = 0 THEN '/img/articles/' || CASE n % 4 WHEN 0 THEN 'hoi-nghi' WHEN 1 THEN 'bien-dao'
            WHEN 2 THEN 'giao-duc' ELSE 'y-te' END || '.jpg' END,
       CASE WHEN n % 3 = 0 THEN 'Ảnh minh họa.' END,
       (SELECT t FROM author WHERE i = n % 8),
       CASE WHEN n % 4 = 0 THEN 'TTXVN' END,
       'published',
       strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-' || (3600 + (n * 3163) % 63072000) || ' seconds'),
       strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-' || (3600 + (n * 3163) % 63072000) || ' seconds'),
       r4 % 50000
FROM plan;
