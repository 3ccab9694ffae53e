-- bantin sample content: 7 sections, 48 articles, 22 tags.
--
-- Applied after schema.sql, inside one transaction, by:
--     build/bantin-admin sql db/sample.sql
-- Slugs are left NULL on purpose: the schema's triggers derive them with
-- bantin_slug(), which bantin-admin registers.  The pictures went through
-- `bantin-admin image add` like any editor's: www/img/articles/*.jpg are
-- the sources, db/sample-images.sh (`make pictures`) writes their variants
-- and prints the images rows below.  Article 1 is the reference page
-- (/work/shared/reference/chinhphu-article.txt); the other articles are
-- original sample text.  Six are dated relative to 'now' so the site always
-- has fresh news.  Article 47 is a draft and article 48 is scheduled 30 days
-- ahead: neither may ever be shown.

INSERT INTO categories (id, name, position) VALUES
  (1, 'Thời sự', 1),
  (2, 'Chính trị', 2),
  (3, 'Kinh tế', 3),
  (4, 'Xã hội', 4),
  (5, 'Quốc phòng – An ninh', 5),
  (6, 'Quốc tế', 6),
  (7, 'Văn hóa', 7);

INSERT INTO tags (id, name) VALUES
  (1, 'An ninh mạng'),
  (2, 'ASEAN 2020'),
  (3, 'COVID-19'),
  (4, 'Chuyển đổi số'),
  (5, 'Đà Nẵng'),
  (6, 'Hà Nội'),
  (7, 'Nông nghiệp'),
  (8, 'Giáo dục'),
  (9, 'Y tế'),
  (10, 'Du lịch'),
  (11, 'Biển Đông'),
  (12, 'Kinh tế số'),
  (13, 'Lũ lụt miền Trung'),
  (14, 'Văn hóa'),
  (15, 'Ngoại giao'),
  (16, 'Quốc phòng'),
  (17, 'Đồng bằng sông Cửu Long'),
  (18, 'Xuất khẩu'),
  (19, 'Giao thông'),
  (20, 'Cải cách hành chính'),
  (21, 'Môi trường'),
  (22, 'Xây dựng Đảng');

-- images:begin (the output of `sh db/sample-images.sh build/bantin-admin --sql`)
INSERT INTO images (url, width, height, variants, credit) VALUES
  -- articles/an-ninh-mang.jpg
  ('/img/b6/b6befb127e4241398220d24675b3f40b-1200.jpg', 1200, 675, '360 720 1200', 'Ảnh minh họa'),
  -- articles/bien-dao.jpg
  ('/img/5f/5fe04f055376c5b69904a98abdfcf3a6-1200.jpg', 1200, 675, '360 720 1200', 'Ảnh minh họa'),
  -- articles/ca-phe-tay-nguyen.jpg
  ('/img/e2/e29b6e8ff60fa6e528e46d4395e6faa8-1200.jpg', 1200, 675, '360 720 1200', 'Ảnh minh họa'),
  -- articles/cang-bien.jpg
  ('/img/f6/f6b2585cdd3ae5679494e9c821fbc2ef-1200.jpg', 1200, 675, '360 720 1200', 'Ảnh minh họa'),
  -- articles/chuyen-doi-so.jpg
  ('/img/a3/a3dbed441ae2fb7fb25310dfe3f18ab0-1200.jpg', 1200, 675, '360 720 1200', 'Ảnh minh họa'),
  -- articles/da-nang-cau-rong.jpg
  ('/img/0f/0f409b09cad24dc439dea0c71fa207cd-1200.jpg', 1200, 675, '360 720 1200', 'Ảnh minh họa'),
  -- articles/do-thi-ha-noi.jpg
  ('/img/28/287aab6de50bc5e4aa6e336aba26a82f-1200.jpg', 1200, 675, '360 720 1200', 'Ảnh minh họa'),
  -- articles/giao-duc.jpg
  ('/img/0a/0affdc016ca4cb9789d56487e873ac9e-1200.jpg', 1200, 675, '360 720 1200', 'Ảnh minh họa'),
  -- articles/hoa-sen.jpg
  ('/img/41/41230e6deb6a0e5db5d3a56168b4c3f9-1200.jpg', 1200, 675, '360 720 1200', 'Ảnh minh họa'),
  -- articles/hoi-nghi.jpg
  ('/img/ae/aee10d015ebf364b66453c93ccc76683-1200.jpg', 1200, 675, '360 720 1200', 'Ảnh minh họa'),
  -- articles/le-hoi-den-long.jpg
  ('/img/48/487eb059a6df6f0ccb3b261cf4903900-1200.jpg', 1200, 675, '360 720 1200', 'Ảnh minh họa'),
  -- articles/lu-lut-mien-trung.jpg
  ('/img/bd/bd5ed6c1fb72e3da62d82dd576f6b9d9-1200.jpg', 1200, 675, '360 720 1200', 'Ảnh minh họa'),
  -- articles/lua-mien-tay.jpg
  ('/img/49/4972b60f16b0b358735c9e02702723ec-1200.jpg', 1200, 675, '360 720 1200', 'Ảnh minh họa'),
  -- articles/ngoai-giao-asean.jpg
  ('/img/12/12fef1f2bb06daab1b4a7d8a1d537fb3-1200.jpg', 1200, 675, '360 720 1200', 'Ảnh minh họa'),
  -- articles/tau-tuan-tra.jpg
  ('/img/b8/b861f967f66c54b505f9dd3832ed2631-1200.jpg', 1200, 675, '360 720 1200', 'Ảnh minh họa'),
  -- articles/y-te.jpg
  ('/img/84/842c397931f817ee51e720216ef4e907-1200.jpg', 1200, 675, '360 720 1200', 'Ảnh minh họa');
-- images:end

-- 1
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  1,
  5,
  'Bộ Quốc phòng duy trì hiệu quả quốc tế hợp tác an ninh mạng',
  'Bộ Quốc phòng với tư cách là Chủ tịch ADMM và ADMM+ trong năm Chủ tịch ASEAN 2020 đã và đang nỗ lực duy trì có hiệu quả tiến trình hợp tác quốc phòng về an ninh mạng trong khuôn khổ ADMM+ bằng việc tổ chức các hội nghị trực tuyến.',
  'Bộ Quốc phòng phối hợp với Ủy ban Chữ thập đỏ Quốc tế (ICRC) tổ chức Hội thảo trực tuyến “Chiến tranh mạng và Luật Nhân đạo Quốc tế: Hàm ý với an ninh khu vực trong bối cảnh dịch COVID-19”, chiều 2/11.

Hội thảo được tổ chức nhằm phổ biến, tuyên truyền kiến thức cơ bản và thảo luận về Luật Nhân đạo Quốc tế liên quan tới chiến tranh mạng; làm cơ sở tham mưu, đề xuất cho lãnh đạo, chỉ huy các cấp trong xây dựng kế hoạch, triển khai tổ chức thực hiện nhiệm vụ đảm bảo phù hợp với pháp luật Việt Nam và luật pháp quốc tế; đồng thời đóng góp cho việc nâng cao năng lực bảo đảm an ninh mạng trong khu vực, đặc biệt là giữa các nước ADMM+, qua đó góp phần nâng cao vị thế và vai trò của Bộ Quốc phòng Việt Nam.

Thiếu tướng Tống Viết Trung, Phó Tư lệnh Bộ Tư lệnh 86 (Bộ Quốc phòng Việt Nam) nhấn mạnh, an ninh mạng hiện là vấn đề được nhiều quốc gia quan tâm, nghiên cứu và thúc đẩy, đặc biệt trong bối cảnh cuộc Cách mạng công nghiệp lần thứ tư đang ngày càng phát triển mạnh mẽ, tác động nhiều chiều, sâu rộng đến mọi mặt đời sống kinh tế-xã hội của nhiều quốc gia trên toàn thế giới.

Với sự phát triển như vũ bão của công nghệ số, tất cả cơ sở hạ tầng thiết yếu, quan trọng như: Giao thông, y tế, năng lượng đều được kết nối với internet. Điều này làm cho an ninh, an toàn không gian mạng trở thành vấn đề tối quan trọng với các nước, bất kể đó là quốc gia phát triển hay không.

Theo Thiếu tướng Tống Viết Trung, Việt Nam đảm nhiệm vai trò Chủ tịch ASEAN 2020 trong bối cảnh thế giới đã và đang đứng trước thách thức nghiêm trọng chưa từng có trong lịch sử hiện đại gây ra bởi đại dịch COVID-19. Các quốc gia phải đẩy nhanh quá trình chuyển đổi số nhằm ứng phó với đại dịch và an ninh mạng tiếp tục là vấn đề hàng đầu được ASEAN cũng như Việt Nam quan tâm, tăng cường hợp tác.

Bộ Quốc phòng với tư cách là Chủ tịch ADMM và ADMM+ trong năm Chủ tịch ASEAN 2020, đã và đang nỗ lực duy trì có hiệu quả tiến trình hợp tác quốc phòng về an ninh mạng trong khuôn khổ ADMM+ bằng việc tổ chức các hội nghị trực tuyến.

Thiếu tướng Tống Viết Trung nhấn mạnh cùng với các quốc gia khác trong ASEAN, Việt Nam đồng thuận trong việc khẳng định những cơ sở hạ tầng công nghệ thông tin trọng yếu nên được hiểu như là tài sản quốc gia, tạo thành xương sống cho các chức năng, dịch vụ và hoạt động quan trọng nhất của xã hội.

Bên cạnh đó, Việt Nam cũng chú trọng tăng cường tiềm lực an ninh mạng để bảo vệ các hạ tầng thông tin trọng yếu thông qua việc đẩy mạnh đào tạo, nâng cao trình độ, năng lực cho lực lượng chuyên trách bảo vệ an ninh mạng; nghiên cứu, phát triển, ứng dụng các phần mềm, thiết bị công nghệ hiện đại phục vụ cho công tác bảo vệ cơ sở hạ tầng thông tin trọng yếu; tăng cường chia sẻ kinh nghiệm, hợp tác quốc tế với các nước trong khu vực và quốc tế để kịp thời ứng phó với các sự cố tấn công vào các cơ sở hạ tầng thông tin này.

Đồng quan điểm với ICRC, Việt Nam ủng hộ việc áp dụng Luật Nhân đạo Quốc tế cho các cuộc xung đột vũ trang mà không gian mạng là một không gian có thể xảy ra xung đột và Việt Nam cũng hoan nghênh các cam kết trước đó của ICRC trong vấn đề này.

Để Luật Nhân đạo Quốc tế có thể đạt được mục tiêu đề ra, phải nhận định được rủi ro mà các hoạt động trên không gian mạng có thể gây ra như: chết người, thương vong, thiệt hại vật chất hoặc ảnh hưởng đến việc cung cấp các dịch vụ thiết yếu cho người dân, các dịch vụ internet cốt lõi… "Bộ Quốc phòng Việt Nam cam kết tham gia tích cực và có trách nhiệm trong các cơ chế hợp tác quốc phòng ASEAN về đảm bảo an ninh, an toàn không gian mạng, ngăn chặn các hoạt động tấn công mạng, xâm phạm chủ quyền của các quốc gia trên không gian mạng và các cuộc chiến tranh mạng”, Thiếu tướng Tống Viết Trung nhấn mạnh.',
  'text',
  '/img/b6/b6befb127e4241398220d24675b3f40b-1200.jpg',
  'Bộ Quốc phòng duy trì hiệu quả quốc tế hợp tác an ninh mạng',
  'Nhật Nam',
  'Chinhphu.vn',
  'published',
  '2020-11-03T07:30:00Z',
  '2020-11-03T07:30:00Z',
  280);

-- 2
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  2,
  1,
  'Thủ tướng Chính phủ chủ trì Phiên họp Chính phủ thường kỳ tháng 10/2020',
  'Sáng 2/11, Thủ tướng Chính phủ chủ trì Phiên họp Chính phủ thường kỳ tháng 10/2020, đánh giá tình hình kinh tế – xã hội và bàn các giải pháp khắc phục hậu quả thiên tai tại miền Trung.',
  'Phiên họp được tổ chức theo hình thức trực tiếp kết hợp trực tuyến với 63 tỉnh, thành phố trực thuộc Trung ương. Tham dự có các Phó Thủ tướng, các Bộ trưởng, Thủ trưởng cơ quan ngang bộ và lãnh đạo Ủy ban nhân dân các địa phương.

Báo cáo tại phiên họp cho thấy kinh tế vĩ mô tiếp tục ổn định, lạm phát được kiểm soát, các cân đối lớn của nền kinh tế được bảo đảm. Sản xuất công nghiệp, xuất khẩu và tiêu dùng trong nước có dấu hiệu phục hồi rõ nét sau giai đoạn chịu ảnh hưởng nặng nề của dịch COVID-19.

Tuy nhiên, chuỗi thiên tai liên tiếp trong tháng 10 đã gây thiệt hại lớn về người và tài sản tại các tỉnh miền Trung. Nhiều tuyến giao thông bị sạt lở, hàng chục nghìn ngôi nhà bị ngập sâu, diện tích cây trồng và đàn vật nuôi bị ảnh hưởng nghiêm trọng.

Phát biểu kết luận, Thủ tướng Chính phủ yêu cầu các bộ, ngành, địa phương không chủ quan trước diễn biến của dịch bệnh và thời tiết cực đoan; tập trung hỗ trợ người dân vùng lũ sớm ổn định cuộc sống, không để ai bị đói, rét, thiếu chỗ ở.

Thủ tướng cũng đề nghị đẩy nhanh giải ngân vốn đầu tư công, tháo gỡ khó khăn cho doanh nghiệp, tiếp tục cải cách thủ tục hành chính và cải thiện môi trường kinh doanh, phấn đấu hoàn thành ở mức cao nhất các mục tiêu của năm 2020.

Tại phiên họp, các thành viên Chính phủ cũng thảo luận, cho ý kiến về một số dự án luật, dự thảo nghị định quan trọng trước khi trình Quốc hội tại Kỳ họp thứ 10.',
  'text',
  '/img/ae/aee10d015ebf364b66453c93ccc76683-1200.jpg',
  'Quang cảnh Phiên họp Chính phủ thường kỳ tháng 10/2020. Ảnh minh họa',
  'Thu Hằng',
  'VGP',
  'published',
  '2020-11-02T02:15:00Z',
  '2020-11-02T02:15:00Z',
  8420);

-- 3
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  3,
  1,
  'Đà Nẵng khẩn trương khắc phục hậu quả bão số 9',
  'Ngay sau khi bão số 9 đi qua, chính quyền thành phố Đà Nẵng đã huy động mọi lực lượng dọn dẹp cây xanh gãy đổ, khôi phục điện, nước và hỗ trợ các hộ dân bị tốc mái.',
  'Sáng 29/10, trên nhiều tuyến phố trung tâm Đà Nẵng, công nhân môi trường, cây xanh cùng cán bộ, chiến sĩ quân đội, công an đã ra quân từ sớm để cưa, cắt cây đổ, thu gom rác thải, bảo đảm giao thông thông suốt.

Theo báo cáo nhanh của Ban Chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn thành phố, bão số 9 đã làm hàng nghìn cây xanh bị ngã đổ, nhiều nhà dân và công trình công cộng bị tốc mái, hư hỏng. Một số khu vực tại các quận ven biển bị mất điện cục bộ trong đêm.

Ngành điện lực đã huy động hàng trăm công nhân, ưu tiên khôi phục cấp điện cho bệnh viện, trạm bơm cấp nước và cơ quan chỉ đạo phòng, chống thiên tai. Đến trưa cùng ngày, phần lớn các khu dân cư đã có điện trở lại.

Lãnh đạo thành phố yêu cầu các quận, huyện rà soát, thống kê thiệt hại, kịp thời hỗ trợ các gia đình có nhà bị sập, tốc mái; đồng thời kiểm tra an toàn trường học trước khi cho học sinh đi học trở lại.

Cùng với việc khắc phục hậu quả tại chỗ, Đà Nẵng cũng chủ động hỗ trợ các địa phương lân cận như Quảng Nam, Quảng Ngãi về lương thực, nước uống và phương tiện cứu hộ.',
  'text',
  NULL,
  NULL,
  'Hải Đăng',
  'TTXVN',
  'published',
  '2020-10-29T04:40:00Z',
  '2020-10-29T04:40:00Z',
  12650);

-- 4
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  4,
  1,
  'Các tỉnh miền Trung chủ động ứng phó đợt mưa lũ mới',
  'Trước dự báo mưa lớn diện rộng trong những ngày tới, các tỉnh từ Hà Tĩnh đến Quảng Ngãi đang khẩn trương sơ tán người dân khỏi vùng có nguy cơ sạt lở, bảo đảm an toàn hồ đập.',
  'Theo Trung tâm Dự báo khí tượng thủy văn quốc gia, từ nay đến hết tuần, khu vực Trung Bộ tiếp tục có mưa to đến rất to, lượng mưa phổ biến 200–400 mm, có nơi trên 500 mm. Nguy cơ lũ quét, sạt lở đất ở vùng núi và ngập lụt ở vùng trũng thấp là rất cao.

Tại Quảng Trị và Thừa Thiên Huế, chính quyền các huyện miền núi đã tổ chức di dời hàng trăm hộ dân sống ven sông, suối, chân đồi đến nơi an toàn. Lực lượng xung kích các xã được bố trí túc trực 24/24 giờ tại các điểm xung yếu.

Tỉnh Quảng Nam yêu cầu các chủ hồ thủy điện, thủy lợi vận hành đúng quy trình liên hồ chứa, thông báo sớm cho người dân vùng hạ du trước khi xả lũ. Các trường học ở vùng có nguy cơ cao được cho học sinh nghỉ học để bảo đảm an toàn.

Ban Chỉ đạo Trung ương về phòng, chống thiên tai đề nghị các địa phương chuẩn bị sẵn lương thực, thuốc men, nước sạch tại những khu vực có thể bị chia cắt; kiểm tra, cắm biển cảnh báo tại các ngầm, tràn và đoạn đường thường xuyên bị ngập.

Người dân được khuyến cáo thường xuyên theo dõi bản tin dự báo, không đi qua khu vực nước chảy xiết, không vớt củi, đánh bắt cá trên sông khi có lũ.',
  'text',
  '/img/bd/bd5ed6c1fb72e3da62d82dd576f6b9d9-1200.jpg',
  'Nước lũ dâng cao tại một khu dân cư ở miền Trung. Ảnh minh họa',
  'Minh Anh',
  'Chinhphu.vn',
  'published',
  '2020-11-06T09:00:00Z',
  '2020-11-06T09:00:00Z',
  9310);

-- 5
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  5,
  1,
  'Không khí lạnh tăng cường, Bắc Bộ chuyển rét từ đêm nay',
  'Một đợt không khí lạnh mới đang di chuyển xuống phía Nam, khiến nhiệt độ tại các tỉnh Bắc Bộ giảm mạnh, vùng núi cao có nơi dưới 10 độ C.',
  'Theo cơ quan khí tượng, khối không khí lạnh sẽ ảnh hưởng đến phía Đông Bắc Bộ từ chiều tối nay, sau đó lan rộng ra các khu vực khác của Bắc Bộ và Bắc Trung Bộ. Gió đông bắc trong đất liền mạnh cấp 3, cấp 4; vùng ven biển cấp 5, cấp 6.

Nhiệt độ thấp nhất tại Hà Nội trong đợt này dao động từ 15 đến 17 độ C; khu vực vùng núi phía Bắc phổ biến 11–14 độ C, vùng núi cao có nơi dưới 10 độ C. Trời chuyển rét vào đêm và sáng sớm.

Trên biển, vịnh Bắc Bộ có gió đông bắc mạnh, biển động, sóng cao từ 2 đến 3 mét. Tàu thuyền hoạt động trong khu vực được khuyến cáo chủ động phòng tránh, giữ liên lạc thường xuyên với đất liền.

Ngành nông nghiệp các tỉnh miền núi phía Bắc đề nghị người dân che chắn chuồng trại, dự trữ thức ăn cho gia súc, không thả rông trâu, bò trên núi cao khi nhiệt độ xuống thấp.

Ngành y tế cũng khuyến cáo người cao tuổi và trẻ nhỏ giữ ấm cơ thể, hạn chế ra ngoài vào sáng sớm để phòng các bệnh về đường hô hấp.',
  'text',
  NULL,
  NULL,
  'Ngọc Mai',
  NULL,
  'published',
  strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 hours'),
  strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 hours'),
  312);

-- 6
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  6,
  1,
  'Hà Nội thông xe nút giao phía Tây, giảm ùn tắc giờ cao điểm',
  'Công trình cầu vượt tại nút giao cửa ngõ phía Tây Thủ đô chính thức được đưa vào khai thác, góp phần giảm tải cho các tuyến đường hướng tâm.',
  'Công trình gồm một cầu vượt hai làn xe và hệ thống đường gom hai bên, được thi công trong khoảng 18 tháng. Trong quá trình thi công, chủ đầu tư đã tổ chức phân luồng, bảo đảm giao thông khu vực không bị gián đoạn.

Theo Sở Giao thông vận tải Hà Nội, đây là một trong những điểm thường xuyên ùn tắc vào giờ cao điểm sáng và chiều. Khi cầu vượt đi vào hoạt động, các phương tiện đi thẳng không phải dừng chờ đèn tín hiệu, thời gian qua nút giao dự kiến giảm đáng kể.

Người dân sống quanh khu vực bày tỏ phấn khởi vì quãng đường đi làm hằng ngày thuận lợi hơn. Nhiều hộ kinh doanh dọc tuyến cũng kỳ vọng việc đi lại thông suốt sẽ giúp hoạt động buôn bán sôi động trở lại.

Thành phố yêu cầu các đơn vị liên quan tiếp tục hoàn thiện hệ thống chiếu sáng, cây xanh, vỉa hè; đồng thời tổ chức lại các điểm dừng xe buýt quanh nút giao cho phù hợp.

Trong giai đoạn tới, Hà Nội sẽ tiếp tục triển khai nhiều dự án giao thông trọng điểm, ưu tiên các nút giao trên đường vành đai và các trục hướng tâm.',
  'text',
  '/img/28/287aab6de50bc5e4aa6e336aba26a82f-1200.jpg',
  'Một góc đô thị Hà Nội lúc hoàng hôn. Ảnh minh họa',
  'Quang Huy',
  NULL,
  'published',
  strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-5 hours'),
  strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-5 hours'),
  1045);

-- 7
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  7,
  1,
  'Bộ Y tế khuyến cáo không lơ là phòng, chống dịch COVID-19 trong mùa đông',
  'Bộ Y tế đề nghị người dân tiếp tục thực hiện thông điệp 5K, đặc biệt khi thời tiết chuyển lạnh là điều kiện thuận lợi cho virus lây lan.',
  'Theo Bộ Y tế, trong bối cảnh dịch COVID-19 vẫn diễn biến phức tạp trên thế giới, nhiều quốc gia ghi nhận làn sóng lây nhiễm mới khi bước vào mùa đông. Nguy cơ dịch xâm nhập vào Việt Nam qua các đường nhập cảnh là rất lớn.

Bộ Y tế khuyến cáo người dân đeo khẩu trang khi ra nơi công cộng và trên các phương tiện giao thông, rửa tay thường xuyên bằng xà phòng hoặc dung dịch sát khuẩn, hạn chế tụ tập đông người và khai báo y tế đầy đủ.

Các cơ sở khám, chữa bệnh được yêu cầu thực hiện nghiêm việc phân luồng, sàng lọc người bệnh có biểu hiện sốt, ho, khó thở; tiếp tục tự đánh giá theo bộ tiêu chí bệnh viện an toàn phòng, chống dịch.

Đối với các trường học, ngành y tế phối hợp với ngành giáo dục hướng dẫn vệ sinh lớp học, đo thân nhiệt, theo dõi sức khỏe học sinh và sẵn sàng phương án xử lý khi có trường hợp nghi nhiễm.

Bộ Y tế cũng đề nghị các địa phương siết chặt quản lý khu cách ly tập trung, giám sát chặt chẽ người nhập cảnh sau thời gian cách ly, không để lây nhiễm ra cộng đồng.',
  'text',
  NULL,
  NULL,
  'Lan Hương',
  'Chinhphu.vn',
  'published',
  '2020-11-09T01:30:00Z',
  '2020-11-09T01:30:00Z',
  15230);

-- 8
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  8,
  1,
  'Khởi công tuyến cao tốc nối Tây Nguyên với duyên hải Nam Trung Bộ',
  'Dự án dài hơn 100 km, khi hoàn thành sẽ rút ngắn đáng kể thời gian di chuyển giữa vùng Tây Nguyên và các cảng biển khu vực Nam Trung Bộ.',
  'Theo chủ đầu tư, tuyến cao tốc được đầu tư bằng nguồn vốn ngân sách nhà nước kết hợp vốn huy động, chia thành nhiều dự án thành phần để triển khai đồng thời. Giai đoạn đầu, tuyến được xây dựng với quy mô bốn làn xe.

Phát biểu tại lễ khởi công, đại diện Bộ Giao thông vận tải cho biết đây là tuyến giao thông có ý nghĩa chiến lược, tạo hành lang kinh tế Đông – Tây, giúp nông sản của Tây Nguyên như cà phê, hồ tiêu, sầu riêng tiếp cận cảng biển nhanh hơn với chi phí thấp hơn.

Các địa phương có tuyến đi qua cam kết hoàn thành công tác giải phóng mặt bằng đúng tiến độ, bố trí khu tái định cư bảo đảm cuộc sống của người dân phải di dời bằng hoặc tốt hơn nơi ở cũ.

Nhà thầu được yêu cầu tập trung máy móc, nhân lực, thi công bảo đảm chất lượng, an toàn lao động và vệ sinh môi trường; đặc biệt lưu ý các đoạn tuyến qua vùng đồi núi có nguy cơ sạt lở trong mùa mưa.',
  'text',
  NULL,
  NULL,
  'Văn Chung',
  'TTXVN',
  'published',
  '2020-10-24T03:00:00Z',
  '2020-10-24T03:00:00Z',
  6780);

-- 9
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  9,
  2,
  'Chính phủ ban hành Nghị quyết về đẩy mạnh cải cách thủ tục hành chính',
  'Nghị quyết đặt mục tiêu cắt giảm, đơn giản hóa thủ tục hành chính, tăng tỷ lệ hồ sơ được giải quyết trực tuyến và giảm chi phí tuân thủ cho người dân, doanh nghiệp.',
  '<p>Chính phủ vừa ban hành Nghị quyết về các nhiệm vụ, giải pháp trọng tâm nhằm đẩy mạnh cải cách thủ tục hành chính, gắn với xây dựng Chính phủ điện tử trong những tháng cuối năm 2020 và các năm tiếp theo.</p>
<h2>Mục tiêu cụ thể</h2>
<p>Theo Nghị quyết, các bộ, ngành và địa phương phải bảo đảm:</p>
<ul>
<li>Cắt giảm tối thiểu 20% thời gian giải quyết và chi phí tuân thủ thủ tục hành chính so với hiện nay;</li>
<li>Tích hợp, cung cấp dịch vụ công trực tuyến mức độ 3, 4 trên Cổng Dịch vụ công quốc gia;</li>
<li>Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính để người dân không phải nộp lại những giấy tờ đã có trong cơ sở dữ liệu.</li>
</ul>
<h2>Lấy người dân, doanh nghiệp làm trung tâm</h2>
<p>Nghị quyết nhấn mạnh, cải cách thủ tục hành chính phải xuất phát từ nhu cầu thực tế, <strong>lấy sự hài lòng của người dân và doanh nghiệp làm thước đo</strong> hiệu quả phục vụ của cơ quan hành chính nhà nước.</p>
<p>Trao đổi với phóng viên, đại diện Văn phòng Chính phủ cho biết:</p>
<blockquote>Mỗi thủ tục được cắt giảm là một rào cản được tháo gỡ, một khoản chi phí được tiết kiệm cho xã hội.</blockquote>
<p>Người đứng đầu các bộ, ngành, địa phương chịu trách nhiệm trước Chính phủ, Thủ tướng Chính phủ về kết quả thực hiện; định kỳ hằng quý báo cáo tiến độ về Văn phòng Chính phủ để tổng hợp.</p>',
  'html',
  NULL,
  NULL,
  'Phương Liên',
  'VGP',
  'published',
  '2020-10-27T08:00:00Z',
  '2020-10-27T08:00:00Z',
  4390);

-- 10
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  10,
  2,
  'Quốc hội thảo luận dự án Luật Bảo vệ môi trường (sửa đổi)',
  'Tại phiên thảo luận, nhiều đại biểu Quốc hội đề nghị làm rõ trách nhiệm của doanh nghiệp trong xử lý chất thải và tăng cường các công cụ kinh tế trong quản lý môi trường.',
  'Tiếp tục chương trình Kỳ họp thứ 10, Quốc hội thảo luận tại hội trường về dự án Luật Bảo vệ môi trường (sửa đổi). Đa số ý kiến tán thành sự cần thiết sửa đổi luật nhằm khắc phục những bất cập sau nhiều năm thi hành.

Các đại biểu đánh giá cao việc dự thảo luật đã chuyển mạnh từ tiền kiểm sang hậu kiểm, phân loại dự án đầu tư theo mức độ tác động đến môi trường, qua đó giảm bớt thủ tục không cần thiết cho doanh nghiệp.

Một số đại biểu đề nghị quy định cụ thể hơn về phân loại rác thải sinh hoạt tại nguồn, lộ trình thu phí theo khối lượng và cơ chế khuyến khích tái chế. Theo các đại biểu, cần có lộ trình phù hợp để người dân thay đổi thói quen, tránh gây xáo trộn.

Liên quan đến trách nhiệm mở rộng của nhà sản xuất, nhiều ý kiến cho rằng đây là hướng đi phù hợp với xu thế quốc tế, song cần quy định rõ tỷ lệ tái chế bắt buộc và cơ chế đóng góp tài chính để bảo đảm tính khả thi.

Giải trình tại phiên họp, Bộ trưởng Bộ Tài nguyên và Môi trường tiếp thu các ý kiến xác đáng và cho biết cơ quan soạn thảo sẽ phối hợp với cơ quan thẩm tra hoàn thiện dự thảo trước khi trình Quốc hội xem xét, thông qua.',
  'text',
  NULL,
  NULL,
  'Khánh Linh',
  NULL,
  'published',
  '2020-11-03T03:20:00Z',
  '2020-11-03T03:20:00Z',
  3125);

-- 11
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  11,
  2,
  'Hoàn thành đại hội đảng bộ cấp tỉnh, hướng tới Đại hội XIII của Đảng',
  'Các đảng bộ trực thuộc Trung ương đã cơ bản hoàn thành đại hội nhiệm kỳ 2020–2025 theo đúng kế hoạch, bảo đảm dân chủ, an toàn trong điều kiện phòng, chống dịch COVID-19.',
  'Theo Ban Tổ chức Trung ương, đại hội các đảng bộ trực thuộc Trung ương được tổ chức nghiêm túc, chặt chẽ, đúng quy định. Văn kiện đại hội được chuẩn bị công phu, có nhiều điểm mới, sát với thực tiễn của từng địa phương, ngành.

Nhiều đảng bộ đã thực hiện chủ trương bố trí bí thư cấp ủy không là người địa phương, đồng thời tăng tỷ lệ cán bộ trẻ, cán bộ nữ trong cấp ủy khóa mới. Công tác nhân sự được chuẩn bị kỹ lưỡng, đúng quy trình.

Các đại hội đã xác định rõ mục tiêu, nhiệm vụ và khâu đột phá cho nhiệm kỳ mới, trong đó tập trung vào phát triển hạ tầng, cải cách hành chính, chuyển đổi số và nâng cao chất lượng nguồn nhân lực.

Bên cạnh đó, dự thảo các văn kiện trình Đại hội đại biểu toàn quốc lần thứ XIII của Đảng cũng được các đại hội thảo luận sôi nổi; các ý kiến đóng góp đã được tổng hợp gửi về Trung ương.

Kết quả này tạo tiền đề quan trọng để chuẩn bị tốt nhất cho Đại hội XIII, dự kiến diễn ra vào đầu năm 2021.',
  'text',
  NULL,
  NULL,
  'Đức Trung',
  'TTXVN',
  'published',
  '2020-10-21T10:00:00Z',
  '2020-10-21T10:00:00Z',
  5870);

-- 12
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  12,
  2,
  'Phó Thủ tướng làm việc với Quảng Nam về phục hồi sản xuất sau thiên tai',
  'Phó Thủ tướng đề nghị tỉnh Quảng Nam ưu tiên khôi phục hạ tầng thiết yếu, hỗ trợ giống cây trồng, vật nuôi để người dân sớm tái sản xuất.',
  'Báo cáo với đoàn công tác, lãnh đạo tỉnh Quảng Nam cho biết các đợt mưa lũ, sạt lở đất liên tiếp từ đầu tháng 10 đã gây thiệt hại nặng nề, đặc biệt tại các huyện miền núi. Nhiều tuyến đường giao thông bị chia cắt, hàng nghìn hecta hoa màu bị vùi lấp.

Sau khi nghe báo cáo, Phó Thủ tướng biểu dương sự vào cuộc quyết liệt của cấp ủy, chính quyền và các lực lượng tại chỗ trong công tác cứu hộ, cứu nạn; chia sẻ những mất mát to lớn của đồng bào trong tỉnh.

Phó Thủ tướng yêu cầu tỉnh khẩn trương rà soát, di dời các hộ dân ở khu vực có nguy cơ sạt lở cao đến nơi ở mới an toàn; việc quy hoạch khu tái định cư phải gắn với sinh kế lâu dài, phù hợp với phong tục, tập quán của đồng bào.

Về đề nghị của địa phương, Phó Thủ tướng đồng ý về nguyên tắc hỗ trợ giống lúa, giống ngô và hóa chất khử trùng từ nguồn dự trữ quốc gia; giao các bộ, ngành liên quan xem xét, xử lý theo thẩm quyền.

Trước đó, đoàn công tác đã đến thăm, tặng quà các gia đình bị thiệt hại tại huyện Nam Trà My và động viên lực lượng đang làm nhiệm vụ thông tuyến đường vào các xã bị cô lập.',
  'text',
  NULL,
  NULL,
  'Thanh Tùng',
  'Chinhphu.vn',
  'published',
  '2020-11-05T06:45:00Z',
  '2020-11-05T06:45:00Z',
  2760);

-- 13
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  13,
  2,
  'Đà Nẵng đẩy mạnh chính quyền số, tiếp tục cải cách hành chính',
  'Thành phố Đà Nẵng đặt mục tiêu đến cuối năm 2020, toàn bộ thủ tục hành chính đủ điều kiện đều được cung cấp trực tuyến mức độ 3, 4.',
  'Tại hội nghị sơ kết công tác cải cách hành chính, lãnh đạo UBND thành phố Đà Nẵng cho biết hệ thống chính quyền điện tử của thành phố đã kết nối liên thông từ cấp thành phố đến cấp xã, phường. Phần lớn văn bản giữa các cơ quan được gửi, nhận hoàn toàn trên môi trường mạng.

Người dân Đà Nẵng có thể nộp hồ sơ, theo dõi tiến độ và nhận kết quả giải quyết thủ tục hành chính qua cổng dịch vụ công hoặc ứng dụng trên điện thoại di động. Nhiều dịch vụ như cấp giấy phép xây dựng, đăng ký hộ kinh doanh được xử lý nhanh hơn trước.

Trong thời gian giãn cách xã hội do dịch COVID-19, các nền tảng số đã giúp bộ máy hành chính của thành phố vận hành thông suốt, hạn chế tiếp xúc trực tiếp nhưng vẫn bảo đảm phục vụ người dân.

Thời gian tới, Đà Nẵng tiếp tục hoàn thiện kho dữ liệu dùng chung, phát triển đô thị thông minh và nâng cao kỹ năng số cho đội ngũ cán bộ, công chức; đồng thời bảo đảm an toàn thông tin cho các hệ thống quan trọng.',
  'text',
  NULL,
  NULL,
  'Hải Đăng',
  NULL,
  'published',
  '2020-10-30T02:00:00Z',
  '2020-10-30T02:00:00Z',
  3540);

-- 14
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  14,
  2,
  'Chính phủ họp chuyên đề về xây dựng pháp luật',
  'Phiên họp cho ý kiến về nhiều dự án luật, đề nghị xây dựng luật quan trọng, trong đó có các nội dung liên quan đến đầu tư, đất đai và an toàn thông tin.',
  'Phiên họp do Thủ tướng Chính phủ chủ trì, với sự tham dự của các Phó Thủ tướng, các thành viên Chính phủ và đại diện các cơ quan có liên quan.

Phát biểu mở đầu, Thủ tướng Chính phủ nhấn mạnh xây dựng, hoàn thiện thể chế là một trong ba đột phá chiến lược; yêu cầu các bộ, ngành chuẩn bị hồ sơ dự án luật có chất lượng, đánh giá tác động đầy đủ, tránh tình trạng luật khung, luật ống.

Các thành viên Chính phủ đã thảo luận, cho ý kiến về phạm vi điều chỉnh, các chính sách lớn và tính thống nhất của các dự thảo với hệ thống pháp luật hiện hành. Nhiều ý kiến đề nghị tăng cường phân cấp, phân quyền, gắn với cơ chế kiểm tra, giám sát.

Kết luận phiên họp, Thủ tướng giao các cơ quan chủ trì soạn thảo tiếp thu tối đa ý kiến của thành viên Chính phủ, khẩn trương hoàn thiện hồ sơ, bảo đảm đúng tiến độ trình Quốc hội.',
  'text',
  '/img/ae/aee10d015ebf364b66453c93ccc76683-1200.jpg',
  'Quang cảnh phiên họp Chính phủ chuyên đề về xây dựng pháp luật. Ảnh minh họa',
  'Phương Liên',
  'VGP',
  'published',
  strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-18 hours'),
  strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-18 hours'),
  640);

-- 15
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  15,
  3,
  'Xuất khẩu gạo giữ giá cao, nông dân miền Tây phấn khởi',
  'Giá gạo xuất khẩu của Việt Nam duy trì ở mức cao so với cùng kỳ, trong khi nông dân Đồng bằng sông Cửu Long đang tích cực chuẩn bị xuống giống vụ Đông Xuân.',
  'Theo số liệu của Bộ Nông nghiệp và Phát triển nông thôn, 10 tháng năm 2020, lượng gạo xuất khẩu ước đạt hơn 5 triệu tấn, giá trị tăng so với cùng kỳ năm trước nhờ giá bình quân tăng mạnh. Philippines, Trung Quốc và các thị trường châu Phi tiếp tục là những điểm đến chính.

Đáng chú ý, tỷ trọng gạo thơm, gạo chất lượng cao trong cơ cấu xuất khẩu ngày càng tăng. Nhiều doanh nghiệp đã xây dựng vùng nguyên liệu liên kết với hợp tác xã, bảo đảm truy xuất nguồn gốc để đáp ứng yêu cầu khắt khe của các thị trường như EU, Nhật Bản.

Tại Cần Thơ, An Giang, Đồng Tháp, giá lúa tươi tại ruộng ở mức khá, giúp nông dân có lãi. Một nông dân ở huyện Thoại Sơn (An Giang) cho biết gia đình vừa thu hoạch 5 ha lúa Thu Đông, năng suất trên 6 tấn mỗi hecta, lợi nhuận cao hơn vụ trước.

Các chuyên gia khuyến cáo, để giữ vững đà tăng trưởng, ngành lúa gạo cần tiếp tục chuyển đổi cơ cấu giống, giảm lượng phân bón, thuốc bảo vệ thực vật và đẩy mạnh xây dựng thương hiệu gạo Việt Nam.

Bộ Nông nghiệp và Phát triển nông thôn cũng lưu ý các địa phương theo dõi sát diễn biến xâm nhập mặn trong mùa khô tới, bố trí lịch thời vụ hợp lý để hạn chế thiệt hại.',
  'text',
  '/img/49/4972b60f16b0b358735c9e02702723ec-1200.jpg',
  'Cánh đồng lúa ở Đồng bằng sông Cửu Long. Ảnh minh họa',
  'Bảo Ngọc',
  'TTXVN',
  'published',
  '2020-10-26T01:00:00Z',
  '2020-10-26T01:00:00Z',
  7420);

-- 16
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  16,
  3,
  'Kinh tế số: Năm nhóm giải pháp giúp doanh nghiệp nhỏ và vừa chuyển đổi',
  'Đại dịch COVID-19 khiến nhiều doanh nghiệp nhỏ và vừa nhận ra chuyển đổi số không còn là lựa chọn mà là yêu cầu bắt buộc để tồn tại và phát triển.',
  'Tại hội thảo về phát triển kinh tế số do Bộ Kế hoạch và Đầu tư phối hợp tổ chức, các chuyên gia đã chia sẻ nhiều kinh nghiệm thực tiễn, giúp doanh nghiệp nhỏ và vừa bắt đầu hành trình chuyển đổi số với chi phí hợp lý.

## Vì sao phải chuyển đổi ngay?

Theo khảo sát được công bố tại hội thảo, phần lớn doanh nghiệp nhỏ và vừa vẫn quản lý bằng sổ sách hoặc bảng tính rời rạc. Khi dịch bệnh làm gián đoạn chuỗi cung ứng, những doanh nghiệp đã bán hàng trực tuyến và quản trị trên nền tảng số **phục hồi nhanh hơn rõ rệt**.

## Năm nhóm giải pháp được khuyến nghị

1. **Số hóa quy trình bán hàng**: sử dụng các sàn thương mại điện tử và phương thức thanh toán không dùng tiền mặt.
2. **Quản trị trên nền tảng đám mây**: kế toán, nhân sự, kho hàng dùng chung một hệ thống.
3. **Khai thác dữ liệu khách hàng** để cá nhân hóa sản phẩm, dịch vụ.
4. **Đào tạo kỹ năng số** cho người lao động, bắt đầu từ đội ngũ quản lý.
5. **Bảo đảm an toàn thông tin**, sao lưu dữ liệu định kỳ.

## Chính sách hỗ trợ

Chương trình hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số đang được triển khai, theo đó doanh nghiệp có thể được tư vấn miễn phí và hỗ trợ một phần chi phí thuê giải pháp. Thông tin chi tiết được đăng tải trên [Cổng Thông tin điện tử Chính phủ](https://chinhphu.vn).

Các chuyên gia nhấn mạnh, chuyển đổi số là một quá trình lâu dài; doanh nghiệp nên bắt đầu từ những khâu nhỏ, mang lại hiệu quả ngay, rồi mở rộng dần.',
  'markdown',
  '/img/a3/a3dbed441ae2fb7fb25310dfe3f18ab0-1200.jpg',
  'Chuyển đổi số đang trở thành yêu cầu cấp thiết với doanh nghiệp. Ảnh minh họa',
  'Minh Anh',
  'Chinhphu.vn',
  'published',
  '2020-11-04T02:30:00Z',
  '2020-11-04T02:30:00Z',
  5230);

-- 17
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  17,
  3,
  'Cảng biển phía Nam nâng công suất, đón tàu container trọng tải lớn',
  'Lượng hàng container thông qua khu vực cảng Cái Mép – Thị Vải tăng mạnh trong quý III, cho thấy hoạt động xuất nhập khẩu đang dần hồi phục.',
  'Theo Cục Hàng hải Việt Nam, sản lượng hàng container qua khu vực cảng Cái Mép – Thị Vải (Bà Rịa – Vũng Tàu) 9 tháng năm 2020 tăng so với cùng kỳ, bất chấp những tác động tiêu cực của dịch COVID-19 đến thương mại toàn cầu.

Nhiều hãng tàu quốc tế đã mở thêm tuyến dịch vụ đi thẳng từ Việt Nam đến bờ Tây nước Mỹ và châu Âu, giúp doanh nghiệp xuất khẩu tiết kiệm thời gian, chi phí trung chuyển qua các cảng nước ngoài.

Để đón tàu trọng tải lớn, các doanh nghiệp khai thác cảng đã đầu tư thêm cần cẩu giàn, mở rộng bãi chứa và ứng dụng hệ thống quản lý khai thác cảng điện tử, rút ngắn thời gian làm hàng.

Tuy nhiên, theo các doanh nghiệp logistics, hạ tầng giao thông kết nối cảng vẫn là điểm nghẽn. Hàng hóa chủ yếu được vận chuyển bằng đường bộ, trong khi một số tuyến đường dẫn vào cảng thường xuyên quá tải.

Bộ Giao thông vận tải cho biết đang phối hợp với địa phương đẩy nhanh các dự án đường bộ, đường thủy nội địa kết nối khu vực cảng, hướng tới hình thành trung tâm trung chuyển quốc tế.',
  'text',
  '/img/f6/f6b2585cdd3ae5679494e9c821fbc2ef-1200.jpg',
  'Tàu container làm hàng tại một cảng biển phía Nam. Ảnh minh họa',
  'Văn Chung',
  NULL,
  'published',
  '2020-10-22T05:10:00Z',
  '2020-10-22T05:10:00Z',
  2980);

-- 18
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  18,
  3,
  'Cà phê Tây Nguyên vào vụ thu hoạch, giá phục hồi nhẹ',
  'Nông dân các tỉnh Tây Nguyên đang bước vào vụ thu hoạch cà phê niên vụ 2020–2021 trong bối cảnh giá thu mua nhích lên sau thời gian dài ở mức thấp.',
  'Những ngày này, trên các rẫy cà phê ở Đắk Lắk, Gia Lai, Lâm Đồng, không khí thu hoạch đã rộn ràng. Nhiều gia đình tranh thủ thời tiết nắng ráo để hái quả chín, phơi sấy kịp thời.

Theo các doanh nghiệp thu mua, giá cà phê nhân xô tại Tây Nguyên hiện dao động quanh mức 33.000–34.000 đồng/kg, tăng nhẹ so với tháng trước. Dù chưa thực sự hấp dẫn, mức giá này giúp người trồng bớt lo lắng về đầu ra.

Ngành nông nghiệp khuyến cáo nông dân thu hái khi tỷ lệ quả chín đạt trên 90%, không thu hoạch quả xanh để nâng cao chất lượng sản phẩm. Việc phơi trên sân xi măng, trên bạt hoặc dùng máy sấy cũng giúp hạt cà phê đạt tiêu chuẩn xuất khẩu.

Một số hợp tác xã đã chuyển hướng sản xuất cà phê đặc sản, cà phê đạt chứng nhận bền vững, bán với giá cao hơn đáng kể so với cà phê thông thường. Đây được xem là hướng đi giúp nâng cao giá trị gia tăng cho ngành hàng.

Dự báo sản lượng cà phê niên vụ này của cả nước tương đương niên vụ trước do thời tiết tương đối thuận lợi trong giai đoạn ra hoa, đậu quả.',
  'text',
  '/img/e2/e29b6e8ff60fa6e528e46d4395e6faa8-1200.jpg',
  'Những đồi cà phê ở Tây Nguyên vào mùa thu hoạch. Ảnh minh họa',
  'Hoàng Giang',
  'TTXVN',
  'published',
  '2020-11-07T03:40:00Z',
  '2020-11-07T03:40:00Z',
  4410);

-- 19
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  19,
  3,
  'Các bộ, ngành, địa phương tăng tốc giải ngân vốn đầu tư công',
  'Để hoàn thành mục tiêu giải ngân vốn đầu tư công năm nay, nhiều bộ, ngành và địa phương đã thành lập tổ công tác, tháo gỡ vướng mắc cho từng dự án.',
  'Theo Bộ Tài chính, tỷ lệ giải ngân vốn đầu tư công đến thời điểm hiện tại cao hơn cùng kỳ năm trước; tuy nhiên vẫn còn nhiều bộ, ngành, địa phương có tỷ lệ giải ngân thấp hơn mức bình quân chung.

Nguyên nhân chủ yếu được chỉ ra là vướng mắc trong giải phóng mặt bằng, thủ tục điều chỉnh dự án kéo dài và năng lực của một số chủ đầu tư, nhà thầu còn hạn chế. Mưa lũ tại miền Trung cũng ảnh hưởng đến tiến độ thi công.

Nhiều địa phương đã giao chỉ tiêu giải ngân cụ thể cho từng chủ đầu tư, gắn với trách nhiệm của người đứng đầu; kiên quyết điều chuyển vốn từ các dự án chậm tiến độ sang các dự án có khả năng giải ngân tốt.

Bộ Kế hoạch và Đầu tư nhấn mạnh, giải ngân vốn đầu tư công không chỉ là nhiệm vụ chính trị quan trọng mà còn là động lực kích thích tăng trưởng, tạo việc làm và lan tỏa sang khu vực tư nhân trong bối cảnh dịch bệnh.',
  'text',
  NULL,
  NULL,
  'Thanh Tùng',
  'Chinhphu.vn',
  'published',
  strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-9 hours'),
  strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-9 hours'),
  780);

-- 20
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  20,
  3,
  'Đà Nẵng thu hút đầu tư công nghệ cao sau dịch COVID-19',
  'Dù chịu ảnh hưởng nặng nề của dịch bệnh, Đà Nẵng vẫn tiếp nhận nhiều dự án mới trong lĩnh vực công nghệ thông tin, điện tử và phần mềm.',
  'Theo Ban Quản lý Khu công nghệ cao và các khu công nghiệp Đà Nẵng, từ đầu năm đến nay, thành phố đã cấp mới và điều chỉnh tăng vốn cho nhiều dự án, chủ yếu trong lĩnh vực sản xuất linh kiện điện tử, thiết bị tự động hóa và phát triển phần mềm.

Các nhà đầu tư đánh giá cao môi trường đầu tư minh bạch, hạ tầng đồng bộ và nguồn nhân lực công nghệ thông tin dồi dào của Đà Nẵng. Thành phố hiện có nhiều trường đại học, cao đẳng đào tạo các chuyên ngành kỹ thuật, cung cấp hàng nghìn kỹ sư mỗi năm.

Sau đợt bùng phát dịch COVID-19 hồi tháng 7, Đà Nẵng đã tổ chức nhiều buổi xúc tiến đầu tư trực tuyến với các đối tác Nhật Bản, Hàn Quốc, Singapore. Nhiều cam kết đầu tư được duy trì, thậm chí mở rộng quy mô.

Lãnh đạo thành phố cho biết sẽ tiếp tục hoàn thiện hạ tầng khu công nghệ cao, xây dựng khu công viên phần mềm mới, đồng thời có chính sách thu hút chuyên gia, nhà khoa học về làm việc lâu dài tại thành phố.',
  'text',
  NULL,
  NULL,
  'Hải Đăng',
  'VGP',
  'published',
  '2020-10-28T07:00:00Z',
  '2020-10-28T07:00:00Z',
  3860);

-- 21
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  21,
  3,
  'Sản xuất công nghiệp tháng 10 tăng trưởng khá',
  'Chỉ số sản xuất toàn ngành công nghiệp tháng 10 tăng so với tháng trước và cùng kỳ năm 2019, trong đó ngành chế biến, chế tạo tiếp tục là động lực chính.',
  'Theo số liệu của cơ quan thống kê, chỉ số sản xuất công nghiệp tháng 10 tăng khoảng 4% so với cùng kỳ năm trước. Tính chung 10 tháng, toàn ngành công nghiệp duy trì mức tăng trưởng dương trong bối cảnh kinh tế thế giới suy giảm.

Một số sản phẩm công nghiệp chủ lực có mức tăng cao như điện thoại di động, linh kiện điện tử, thép cán, phân bón. Ngược lại, ngành khai khoáng và một số mặt hàng phục vụ du lịch, vận tải hàng không vẫn gặp khó khăn.

Chỉ số sử dụng lao động trong các doanh nghiệp công nghiệp có xu hướng cải thiện. Nhiều doanh nghiệp dệt may, da giày đã có đơn hàng đến hết quý I năm sau nhờ tận dụng ưu đãi từ các hiệp định thương mại tự do thế hệ mới.

Bộ Công Thương đánh giá, để duy trì đà phục hồi, cần tiếp tục hỗ trợ doanh nghiệp tiếp cận vốn, mở rộng thị trường và phát triển công nghiệp hỗ trợ, giảm phụ thuộc vào nguồn nguyên liệu nhập khẩu.',
  'text',
  NULL,
  NULL,
  'Bảo Ngọc',
  NULL,
  'published',
  '2020-10-31T04:00:00Z',
  '2020-10-31T04:00:00Z',
  1890);

-- 22
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  22,
  4,
  'Hướng dẫn đưa học sinh vùng lũ trở lại trường an toàn',
  'Bộ Giáo dục và Đào tạo đề nghị các địa phương chỉ tổ chức dạy học trở lại khi trường lớp đã được kiểm tra an toàn và vệ sinh môi trường.',
  'Sau các đợt mưa lũ lịch sử, nhiều trường học tại các tỉnh miền Trung bị ngập sâu, hư hỏng bàn ghế, sách vở và thiết bị dạy học. Bộ Giáo dục và Đào tạo đã có văn bản hướng dẫn các sở giáo dục khẩn trương khắc phục để học sinh sớm đến trường.

## Những việc cần làm trước khi đón học sinh

- Kiểm tra **độ an toàn của phòng học**, tường rào và cây xanh trong khuôn viên trường;
- Thu dọn bùn đất, khử khuẩn lớp học, nhà vệ sinh và nguồn nước;
- Kiểm tra hệ thống điện, tuyệt đối không sử dụng thiết bị điện bị ngập nước khi chưa được sửa chữa;
- Rà soát, thống kê số học sinh bị mất sách vở, đồ dùng học tập để kịp thời hỗ trợ.

## Điều chỉnh kế hoạch dạy học linh hoạt

Các trường được chủ động điều chỉnh kế hoạch, **ưu tiên nội dung cốt lõi** và bố trí dạy bù hợp lý, không tạo áp lực cho học sinh. Giáo viên cần quan tâm, động viên những em có gia đình bị thiệt hại nặng.

## Huy động sự chung tay của xã hội

Bộ khuyến khích các tổ chức, cá nhân ủng hộ sách giáo khoa, vở viết và đồ dùng học tập thông qua các sở giáo dục để bảo đảm phân phối đúng đối tượng. Thông tin về các chương trình hỗ trợ được cập nhật trên [Cổng Thông tin điện tử Chính phủ](https://chinhphu.vn).',
  'markdown',
  '/img/0a/0affdc016ca4cb9789d56487e873ac9e-1200.jpg',
  'Sách vở được chuẩn bị để học sinh vùng lũ sớm trở lại lớp. Ảnh minh họa',
  'Khánh Linh',
  'VGP',
  'published',
  '2020-11-01T00:45:00Z',
  '2020-11-01T00:45:00Z',
  6120);

-- 23
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  23,
  4,
  'Bệnh viện tuyến tỉnh triển khai khám, chữa bệnh từ xa',
  'Nhờ hệ thống khám, chữa bệnh từ xa, nhiều ca bệnh khó ở tuyến tỉnh, tuyến huyện đã được các chuyên gia đầu ngành hội chẩn kịp thời mà không phải chuyển viện.',
  'Đề án Khám, chữa bệnh từ xa do Bộ Y tế triển khai đã kết nối các bệnh viện tuyến Trung ương với hàng trăm bệnh viện tuyến dưới trên cả nước. Thông qua các buổi hội chẩn trực tuyến, bác sĩ tuyến tỉnh, tuyến huyện được chuyên gia hướng dẫn chẩn đoán và lựa chọn phác đồ điều trị.

Tại một bệnh viện đa khoa tỉnh ở khu vực miền núi phía Bắc, nhiều bệnh nhân đột quỵ, chấn thương sọ não đã được can thiệp thành công sau khi hội chẩn trực tuyến với các chuyên gia ở Hà Nội. Người bệnh tiết kiệm được chi phí đi lại, ăn ở và tránh được rủi ro khi vận chuyển.

Không chỉ phục vụ hội chẩn, hệ thống còn được sử dụng để tổ chức các lớp đào tạo liên tục cho cán bộ y tế. Mỗi buổi học có thể kết nối cùng lúc hàng nghìn điểm cầu, giúp kỹ thuật mới được lan tỏa nhanh hơn.

Theo Bộ Y tế, khám, chữa bệnh từ xa là giải pháp quan trọng để giảm quá tải bệnh viện tuyến trên, đặc biệt trong bối cảnh phòng, chống dịch COVID-19 cần hạn chế tập trung đông người.

Thời gian tới, Bộ Y tế sẽ tiếp tục mở rộng mạng lưới đến trạm y tế xã, đồng thời hoàn thiện quy định về bảo mật dữ liệu sức khỏe của người bệnh.',
  'text',
  '/img/84/842c397931f817ee51e720216ef4e907-1200.jpg',
  'Khám, chữa bệnh từ xa giúp người bệnh không phải chuyển viện. Ảnh minh họa',
  'Lan Hương',
  'Chinhphu.vn',
  'published',
  '2020-10-23T02:20:00Z',
  '2020-10-23T02:20:00Z',
  5480);

-- 24
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  24,
  4,
  'Hỗ trợ người dân vùng lũ ổn định cuộc sống trước mùa đông',
  'Hàng nghìn tấn gạo, nhu yếu phẩm cùng nhiều phần quà đã được trao tận tay người dân vùng lũ, giúp các gia đình vượt qua khó khăn trong những ngày đầu đông.',
  'Thực hiện chỉ đạo của Chính phủ, Bộ Tài chính đã xuất cấp gạo dự trữ quốc gia hỗ trợ các tỉnh Hà Tĩnh, Quảng Bình, Quảng Trị, Thừa Thiên Huế, Quảng Nam và Quảng Ngãi. Số gạo được vận chuyển đến tận trung tâm các huyện trong thời gian ngắn nhất.

Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam và các tổ chức thành viên đã tiếp nhận, phân bổ tiền và hàng ủng hộ từ các cơ quan, doanh nghiệp, cá nhân trong và ngoài nước. Việc phân bổ được thực hiện công khai, minh bạch, ưu tiên các hộ có nhà bị sập, có người thân bị thiệt mạng.

Tại nhiều xã của huyện Lệ Thủy (Quảng Bình), người dân đang khẩn trương dọn dẹp nhà cửa, phơi lại thóc giống và sửa chữa chuồng trại. Chính quyền địa phương phối hợp với ngành y tế phun khử khuẩn, cấp phát thuốc phòng bệnh sau lũ.

Bên cạnh hỗ trợ trước mắt, các địa phương đang xây dựng kế hoạch hỗ trợ làm nhà mới cho các hộ mất nhà, cho vay vốn ưu đãi khôi phục sản xuất và tạo việc làm tại chỗ cho người lao động.

Các đoàn thiện nguyện được khuyến cáo phối hợp với chính quyền cơ sở để hỗ trợ đúng nhu cầu, tránh chồng chéo và bảo đảm an toàn khi di chuyển trên những tuyến đường còn sạt lở.',
  'text',
  NULL,
  NULL,
  'Ngọc Mai',
  'TTXVN',
  'published',
  '2020-11-08T05:00:00Z',
  '2020-11-08T05:00:00Z',
  3370);

-- 25
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  25,
  4,
  'Hà Nội ra quân kiểm tra an toàn thực phẩm dịp cuối năm',
  'Các đoàn kiểm tra liên ngành của thành phố tập trung vào cơ sở sản xuất, kinh doanh thực phẩm, bếp ăn tập thể và chợ đầu mối, nơi nhu cầu tiêu dùng tăng cao dịp cuối năm.',
  'Theo Ban Chỉ đạo liên ngành về vệ sinh an toàn thực phẩm thành phố Hà Nội, đợt kiểm tra kéo dài đến trước Tết Nguyên đán, do các sở Y tế, Công Thương, Nông nghiệp và Phát triển nông thôn phối hợp thực hiện.

Trọng tâm kiểm tra là nguồn gốc, xuất xứ nguyên liệu; điều kiện vệ sinh cơ sở; việc sử dụng phụ gia và ghi nhãn hàng hóa. Các đoàn cũng lấy mẫu xét nghiệm nhanh tại chỗ đối với những mặt hàng có nguy cơ cao như thịt, rau quả, giò chả, bánh kẹo.

Thành phố yêu cầu xử lý nghiêm các vi phạm, công khai tên cơ sở vi phạm trên phương tiện thông tin đại chúng để người dân biết và lựa chọn.

Người tiêu dùng được khuyến cáo mua thực phẩm tại các địa chỉ tin cậy, có nguồn gốc rõ ràng; kịp thời thông báo cho cơ quan chức năng qua đường dây nóng của ngành y tế khi phát hiện dấu hiệu vi phạm.',
  'text',
  NULL,
  NULL,
  'Quang Huy',
  NULL,
  'published',
  strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-3 hours'),
  strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-3 hours'),
  520);

-- 26
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  26,
  4,
  'Đà Nẵng hỗ trợ người lao động mất việc do dịch COVID-19',
  'Thành phố Đà Nẵng đã chi hỗ trợ cho hàng chục nghìn lao động bị ảnh hưởng bởi dịch COVID-19, đồng thời kết nối việc làm mới qua các phiên giao dịch trực tuyến.',
  'Theo Sở Lao động – Thương binh và Xã hội Đà Nẵng, sau đợt bùng phát dịch lần thứ hai, ngành du lịch, dịch vụ của thành phố bị ảnh hưởng nặng nề. Nhiều khách sạn, nhà hàng phải tạm đóng cửa, người lao động mất việc hoặc bị giảm thu nhập.

Thành phố đã khẩn trương triển khai các gói hỗ trợ theo Nghị quyết của Chính phủ, kết hợp với ngân sách địa phương để hỗ trợ thêm cho những đối tượng chưa được thụ hưởng như lao động tự do, người bán hàng rong, người chạy xe ôm.

Song song với hỗ trợ bằng tiền mặt, Trung tâm Dịch vụ việc làm Đà Nẵng tổ chức nhiều phiên giao dịch việc làm trực tuyến, giới thiệu người lao động đến các doanh nghiệp sản xuất, công nghệ thông tin đang có nhu cầu tuyển dụng.

Nhiều lao động ngành du lịch đã tham gia các khóa đào tạo ngắn hạn để chuyển đổi nghề hoặc nâng cao kỹ năng, chuẩn bị cho giai đoạn phục hồi của ngành.

Lãnh đạo thành phố khẳng định không để người dân nào gặp khó khăn mà không được hỗ trợ, đồng thời yêu cầu các quận, huyện rà soát kỹ, tránh bỏ sót đối tượng.',
  'text',
  NULL,
  NULL,
  'Thu Hằng',
  'VGP',
  'published',
  '2020-10-20T03:30:00Z',
  '2020-10-20T03:30:00Z',
  4700);

-- 27
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  27,
  4,
  'Tôn vinh những thầy cô bám trường vùng khó',
  'Nhân dịp kỷ niệm Ngày Nhà giáo Việt Nam 20/11, nhiều địa phương tổ chức tuyên dương các thầy giáo, cô giáo đang ngày đêm gắn bó với học trò ở vùng sâu, vùng xa.',
  'Ở những điểm trường cách trung tâm xã hàng chục cây số, nhiều giáo viên đã gắn bó hàng chục năm, vượt qua khó khăn về đường sá, điện, nước để duy trì từng lớp học. Có thầy cô còn tự bỏ tiền mua gạo, mua sách vở để học trò yên tâm đến lớp.

Một cô giáo mầm non công tác tại điểm trường vùng cao Tây Bắc chia sẻ: “Niềm vui lớn nhất của tôi là thấy các cháu biết nói tiếng Việt, mạnh dạn giao tiếp trước khi vào lớp 1”.

Ngành giáo dục các tỉnh miền núi đã có nhiều chính sách hỗ trợ giáo viên vùng khó như phụ cấp thu hút, xây dựng nhà công vụ, tạo điều kiện học tập nâng cao trình độ. Tuy vậy, đời sống của nhiều giáo viên vẫn còn không ít vất vả.

Bộ Giáo dục và Đào tạo cho biết đang tiếp tục rà soát, đề xuất hoàn thiện chế độ, chính sách đối với nhà giáo công tác ở vùng đặc biệt khó khăn, coi đây là giải pháp quan trọng để giữ chân người giỏi.',
  'text',
  NULL,
  NULL,
  'Khánh Linh',
  NULL,
  'published',
  '2020-11-10T01:15:00Z',
  '2020-11-10T01:15:00Z',
  2210);

-- 28
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  28,
  4,
  'Bảo đảm đủ vắc xin cho Chương trình Tiêm chủng mở rộng',
  'Bộ Y tế yêu cầu các địa phương chủ động tổ chức tiêm bù, tiêm vét cho trẻ em bị lỡ lịch tiêm trong thời gian thực hiện giãn cách xã hội.',
  'Theo Bộ Y tế, nguồn vắc xin cho Chương trình Tiêm chủng mở rộng những tháng cuối năm đã cơ bản được bảo đảm. Các lô vắc xin phòng sởi, bại liệt, viêm gan B và bạch hầu – ho gà – uốn ván đang được phân bổ về các tỉnh, thành phố.

Trong thời gian giãn cách xã hội để phòng, chống dịch COVID-19, một số điểm tiêm phải tạm dừng hoặc giảm số buổi tiêm, khiến nhiều trẻ bị lỡ lịch. Nếu không được tiêm bù kịp thời, nguy cơ bùng phát các bệnh truyền nhiễm có thể tăng lên.

Bộ Y tế đề nghị các trạm y tế xã, phường rà soát danh sách trẻ trong diện tiêm, thông báo lịch tiêm cụ thể cho từng gia đình; bố trí khu vực chờ thông thoáng, giãn cách để bảo đảm phòng dịch.

Phụ huynh được khuyến cáo đưa trẻ đi tiêm đúng lịch, theo dõi trẻ ít nhất 30 phút tại điểm tiêm và 24 giờ sau tiêm tại nhà; nếu thấy trẻ có biểu hiện bất thường cần đưa ngay đến cơ sở y tế gần nhất.',
  'text',
  NULL,
  NULL,
  'Lan Hương',
  'Chinhphu.vn',
  'published',
  '2020-10-25T02:00:00Z',
  '2020-10-25T02:00:00Z',
  3990);

-- 29
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  29,
  5,
  'Bộ Quốc phòng huy động lực lượng giúp Đà Nẵng, Quảng Nam khắc phục hậu quả bão',
  'Hàng nghìn cán bộ, chiến sĩ cùng nhiều phương tiện chuyên dụng đã được Bộ Quốc phòng điều động, sát cánh cùng người dân Đà Nẵng và Quảng Nam khắc phục hậu quả bão số 9.',
  'Thực hiện chỉ đạo của Bộ Quốc phòng, Quân khu 5 đã huy động bộ đội chủ lực, bộ đội địa phương và dân quân tự vệ phối hợp với chính quyền các địa phương giúp dân dọn dẹp, sửa chữa nhà cửa, trường học bị hư hỏng sau bão.

Tại Đà Nẵng, các đơn vị quân đội đã giúp nhân dân lợp lại hàng trăm mái nhà bị tốc, thu dọn cây xanh đổ trên các tuyến đường, vệ sinh trường học để học sinh sớm trở lại lớp. Bộ Chỉ huy Quân sự thành phố Đà Nẵng duy trì lực lượng trực 24/24 giờ, sẵn sàng ứng cứu khi có tình huống.

Ở các huyện miền núi tỉnh Quảng Nam, bộ đội công binh khẩn trương thông tuyến các đoạn đường bị sạt lở, đưa lương thực, thuốc men vào các xã bị cô lập. Trực thăng của Quân chủng Phòng không – Không quân cũng được huy động để tiếp tế cho những khu vực không thể tiếp cận bằng đường bộ.

Bộ Quốc phòng yêu cầu các đơn vị tuyệt đối bảo đảm an toàn cho lực lượng tham gia cứu hộ, cứu nạn; phối hợp chặt chẽ với địa phương, ưu tiên giúp đỡ các gia đình chính sách, hộ nghèo, người già neo đơn.

Người dân Đà Nẵng và Quảng Nam bày tỏ xúc động trước sự có mặt kịp thời của bộ đội. Hình ảnh người lính lội bùn giúp dân tiếp tục tô thắm phẩm chất cao đẹp của Bộ đội Cụ Hồ.',
  'text',
  NULL,
  NULL,
  'Đức Trung',
  'Chinhphu.vn',
  'published',
  '2020-10-30T09:30:00Z',
  '2020-10-30T09:30:00Z',
  9860);

-- 30
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  30,
  5,
  'Hải quân tăng cường tuần tra, hỗ trợ ngư dân vươn khơi bám biển',
  'Các đơn vị Hải quân duy trì tuần tra, kiểm soát trên các vùng biển được giao, sẵn sàng hỗ trợ ngư dân gặp nạn trong mùa mưa bão.',
  'Những tháng cuối năm, thời tiết trên biển diễn biến phức tạp với nhiều cơn bão, áp thấp nhiệt đới liên tiếp. Các đơn vị Hải quân nhân dân Việt Nam đã bố trí tàu trực tại các khu vực trọng điểm, sẵn sàng cơ động tìm kiếm, cứu nạn.

Chỉ riêng trong tháng 10, các tàu Hải quân đã kịp thời lai dắt nhiều tàu cá bị hỏng máy, trôi dạt về bờ an toàn, cấp cứu thuyền viên bị thương và hỗ trợ nước ngọt, lương thực cho ngư dân.

Song song với nhiệm vụ bảo vệ chủ quyền biển, đảo, cán bộ, chiến sĩ còn tuyên truyền pháp luật cho ngư dân, hướng dẫn khai thác hải sản đúng quy định, không vi phạm vùng biển nước ngoài, góp phần chống khai thác hải sản bất hợp pháp.

Nhiều ngư dân cho biết, sự hiện diện của lực lượng Hải quân trên biển là chỗ dựa vững chắc để họ yên tâm vươn khơi, bám biển, vừa làm kinh tế vừa góp phần khẳng định chủ quyền quốc gia.

Bộ Quốc phòng chỉ đạo các đơn vị tiếp tục nâng cao chất lượng huấn luyện, sẵn sàng chiến đấu, quản lý chặt chẽ vùng biển được giao và hiệp đồng với các lực lượng chức năng trong tìm kiếm, cứu nạn.',
  'text',
  '/img/b8/b861f967f66c54b505f9dd3832ed2631-1200.jpg',
  'Tàu Hải quân làm nhiệm vụ tuần tra trên biển. Ảnh minh họa',
  'Hoàng Giang',
  NULL,
  'published',
  '2020-11-04T08:00:00Z',
  '2020-11-04T08:00:00Z',
  7350);

-- 31
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  31,
  5,
  'Hội nghị Quốc phòng ASEAN mở rộng bàn về an ninh hàng hải',
  'Các đại biểu tham dự hội nghị trực tuyến nhất trí tăng cường trao đổi thông tin, xây dựng lòng tin và tuân thủ luật pháp quốc tế trên biển.',
  'Trong khuôn khổ năm Chủ tịch ASEAN 2020, Bộ Quốc phòng Việt Nam chủ trì hội nghị trực tuyến của Nhóm chuyên gia ADMM+ về an ninh biển, với sự tham gia của đại diện quốc phòng các nước ASEAN và các nước đối tác.

Phát biểu khai mạc, đại diện Bộ Quốc phòng Việt Nam nhấn mạnh hòa bình, ổn định, an ninh, an toàn hàng hải và hàng không là lợi ích chung của các quốc gia trong và ngoài khu vực. Các bên cần kiềm chế, không có hành động làm phức tạp thêm tình hình, giải quyết tranh chấp bằng biện pháp hòa bình trên cơ sở luật pháp quốc tế, đặc biệt là Công ước của Liên hợp quốc về Luật Biển năm 1982.

Các đại biểu đã trao đổi về kết quả hợp tác thời gian qua, thảo luận phương hướng tổ chức các hoạt động diễn tập chung về tìm kiếm, cứu nạn trên biển và ứng phó với các thách thức an ninh phi truyền thống như cướp biển, buôn lậu, ô nhiễm môi trường biển.

Dù không thể gặp gỡ trực tiếp do dịch COVID-19, hình thức trực tuyến giúp duy trì đối thoại thường xuyên, bảo đảm tính liên tục của các cơ chế hợp tác quốc phòng do ASEAN giữ vai trò trung tâm.',
  'text',
  NULL,
  NULL,
  'Nhật Nam',
  'Chinhphu.vn',
  'published',
  '2020-10-21T06:00:00Z',
  '2020-10-21T06:00:00Z',
  4580);

-- 32
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  32,
  5,
  'Cảnh giác với thủ đoạn lừa đảo chiếm đoạt tài sản qua mạng xã hội',
  'Cơ quan công an khuyến cáo người dân không cung cấp mã OTP, thông tin tài khoản ngân hàng cho người lạ, kể cả khi đối tượng tự xưng là cán bộ cơ quan nhà nước.',
  'Thời gian gần đây, lực lượng công an tiếp nhận nhiều tin báo về các vụ lừa đảo chiếm đoạt tài sản thông qua mạng xã hội và điện thoại. Các đối tượng thường giả danh cán bộ công an, viện kiểm sát, tòa án hoặc nhân viên ngân hàng để đe dọa, yêu cầu nạn nhân chuyển tiền.

Một thủ đoạn phổ biến khác là chiếm quyền quản trị tài khoản mạng xã hội, sau đó nhắn tin cho người thân, bạn bè của chủ tài khoản để vay mượn tiền. Có đối tượng còn gửi đường link giả mạo trang web ngân hàng nhằm đánh cắp thông tin đăng nhập.

Đại diện Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao cho biết, cơ quan công an không làm việc hay yêu cầu người dân chuyển tiền qua điện thoại. Khi nhận được cuộc gọi đáng ngờ, người dân cần bình tĩnh, kiểm tra lại thông tin và báo ngay cho cơ quan công an gần nhất.

Người dùng mạng xã hội được khuyến cáo bật xác thực hai lớp, đặt mật khẩu mạnh, không nhấp vào đường link lạ và hạn chế chia sẻ công khai thông tin cá nhân trên mạng.',
  'text',
  '/img/b6/b6befb127e4241398220d24675b3f40b-1200.jpg',
  'Người dân cần cảnh giác trước các thủ đoạn lừa đảo trên không gian mạng. Ảnh minh họa',
  'Vũ Dũng',
  NULL,
  'published',
  '2020-11-06T02:10:00Z',
  '2020-11-06T02:10:00Z',
  18750);

-- 33
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  33,
  5,
  'Học viện Quốc phòng bồi dưỡng kiến thức quốc phòng, an ninh tại Đà Nẵng',
  'Lớp bồi dưỡng kiến thức quốc phòng và an ninh cho cán bộ chủ chốt khu vực miền Trung được tổ chức tại Đà Nẵng, bảo đảm các yêu cầu phòng, chống dịch.',
  'Lớp bồi dưỡng do Học viện Quốc phòng phối hợp với Quân khu 5 tổ chức, học viên là cán bộ lãnh đạo các sở, ban, ngành và cấp ủy, chính quyền một số tỉnh, thành phố khu vực miền Trung – Tây Nguyên.

Trong thời gian học tập, học viên được nghiên cứu các chuyên đề về quan điểm, đường lối quốc phòng toàn dân, an ninh nhân dân; tình hình thế giới, khu vực và những vấn đề đặt ra đối với nhiệm vụ bảo vệ Tổ quốc; xây dựng khu vực phòng thủ tỉnh, thành phố vững chắc.

Chương trình còn dành thời lượng cho các nội dung mới như bảo vệ chủ quyền biển, đảo; bảo đảm an ninh mạng; phòng, chống thiên tai, dịch bệnh – những nhiệm vụ mà các địa phương miền Trung đang trực tiếp đối mặt.

Các học viên cho biết, kiến thức quốc phòng và an ninh được cập nhật giúp họ nâng cao năng lực tham mưu, tổ chức thực hiện nhiệm vụ quốc phòng, an ninh gắn với phát triển kinh tế – xã hội ở từng địa phương.

Kết thúc khóa học, học viên sẽ tham quan thực tế một số đơn vị quân đội đóng quân trên địa bàn thành phố Đà Nẵng.',
  'text',
  NULL,
  NULL,
  'Thanh Tùng',
  'VGP',
  'published',
  '2020-10-27T01:30:00Z',
  '2020-10-27T01:30:00Z',
  2140);

-- 34
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  34,
  6,
  'Việt Nam đề xuất tăng cường hợp tác phục hồi kinh tế ASEAN sau đại dịch',
  'Tại cuộc họp trực tuyến các quan chức cao cấp ASEAN, Việt Nam đề xuất sớm triển khai Khung phục hồi tổng thể ASEAN, ưu tiên khôi phục chuỗi cung ứng và mở lại đi lại an toàn trong khu vực.',
  'Cuộc họp nhằm chuẩn bị cho Hội nghị Cấp cao ASEAN lần thứ 37 và các hội nghị cấp cao liên quan, dự kiến diễn ra trong tháng 11 theo hình thức trực tuyến. Với vai trò Chủ tịch ASEAN 2020, Việt Nam đã chủ trì và điều phối các nội dung thảo luận.

Các nước đánh giá cao những nỗ lực của Việt Nam trong việc duy trì hoạt động của Cộng đồng ASEAN giữa bối cảnh đại dịch, đồng thời thống nhất cao về sự cần thiết phải có một chiến lược phục hồi dài hạn, toàn diện.

Trưởng đoàn Việt Nam nhấn mạnh, phục hồi kinh tế phải song hành với kiểm soát dịch bệnh hiệu quả. ASEAN cần tăng cường kết nối thương mại, thúc đẩy chuyển đổi số, hỗ trợ doanh nghiệp nhỏ và vừa, đồng thời bảo đảm tiếp cận công bằng với vắc xin khi được sản xuất.

Các nước cũng thảo luận về việc vận hành Quỹ ASEAN ứng phó COVID-19, thiết lập Kho dự phòng vật tư y tế khu vực và xây dựng quy trình chuẩn ứng phó với tình huống y tế khẩn cấp.

Kết quả cuộc họp sẽ được trình lên các nhà lãnh đạo ASEAN xem xét, thông qua tại Hội nghị Cấp cao sắp tới.',
  'text',
  '/img/12/12fef1f2bb06daab1b4a7d8a1d537fb3-1200.jpg',
  'Việt Nam đảm nhận vai trò Chủ tịch ASEAN năm 2020. Ảnh minh họa',
  'Bảo Ngọc',
  'Chinhphu.vn',
  'published',
  '2020-11-09T07:00:00Z',
  '2020-11-09T07:00:00Z',
  6450);

-- 35
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  35,
  6,
  'Tiếp tục tổ chức các chuyến bay đưa công dân Việt Nam về nước',
  'Bộ Ngoại giao cho biết các cơ quan chức năng sẽ tiếp tục phối hợp tổ chức các chuyến bay đưa công dân về nước, ưu tiên những người có hoàn cảnh đặc biệt khó khăn.',
  'Tại cuộc họp báo thường kỳ, người phát ngôn Bộ Ngoại giao thông tin, từ khi dịch COVID-19 bùng phát, các cơ quan chức năng Việt Nam đã phối hợp với các hãng hàng không tổ chức nhiều chuyến bay đưa công dân từ các quốc gia và vùng lãnh thổ về nước.

Đối tượng được ưu tiên gồm trẻ em dưới 18 tuổi, người cao tuổi, người có bệnh nền, phụ nữ mang thai, lao động hết hạn hợp đồng, học sinh, sinh viên đã hoàn thành khóa học và những người gặp hoàn cảnh khó khăn.

Việc tổ chức các chuyến bay được thực hiện phù hợp với khả năng cách ly tập trung của các địa phương, bảo đảm không để dịch bệnh lây lan ra cộng đồng.

Bộ Ngoại giao đề nghị công dân có nhu cầu về nước liên hệ với cơ quan đại diện Việt Nam ở nước sở tại để đăng ký, đồng thời cảnh giác với các đối tượng lợi dụng tình hình để lừa đảo, thu phí trái quy định.',
  'text',
  NULL,
  NULL,
  'Minh Anh',
  'VGP',
  'published',
  strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-40 hours'),
  strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-40 hours'),
  3015);

-- 36
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  36,
  6,
  'Việt Nam – Nhật Bản thúc đẩy hợp tác chuyển đổi số',
  'Hai bên nhất trí mở rộng hợp tác trong các lĩnh vực chính phủ điện tử, an toàn thông tin và phát triển nguồn nhân lực công nghệ số.',
  'Tại buổi làm việc trực tuyến giữa Bộ Thông tin và Truyền thông Việt Nam và Bộ Nội vụ và Truyền thông Nhật Bản, hai bên đã điểm lại kết quả hợp tác thời gian qua và thảo luận định hướng hợp tác trong giai đoạn tới.

Phía Việt Nam mong muốn Nhật Bản chia sẻ kinh nghiệm xây dựng hạ tầng số, nền tảng định danh điện tử và chính sách bảo vệ dữ liệu cá nhân; đồng thời khuyến khích doanh nghiệp công nghệ Nhật Bản mở rộng đầu tư, đặt trung tâm nghiên cứu và phát triển tại Việt Nam.

Phía Nhật Bản đánh giá cao tốc độ phát triển của thị trường công nghệ thông tin Việt Nam và cho biết sẽ tiếp tục hỗ trợ các chương trình đào tạo kỹ sư, trao đổi chuyên gia trong lĩnh vực an toàn thông tin mạng.

Hai bên cũng thống nhất tăng cường phối hợp tại các diễn đàn đa phương về viễn thông, công nghệ thông tin, trong đó có các cơ chế hợp tác giữa ASEAN và Nhật Bản.',
  'text',
  NULL,
  NULL,
  'Ngọc Mai',
  NULL,
  'published',
  '2020-10-20T08:30:00Z',
  '2020-10-20T08:30:00Z',
  1760);

-- 37
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  37,
  6,
  'ASEAN bàn giải pháp bảo vệ nguồn nước sông Mê Công',
  'Các nhà khoa học và nhà hoạch định chính sách trong khu vực kêu gọi tăng cường chia sẻ dữ liệu, quản lý bền vững tài nguyên nước sông Mê Công trước tác động của biến đổi khí hậu.',
  'Diễn đàn được tổ chức theo hình thức trực tuyến với sự tham gia của đại diện các nước ASEAN, các nước đối tác và tổ chức quốc tế. Nội dung thảo luận tập trung vào tác động của biến đổi khí hậu và các công trình trên dòng chính đối với hạ lưu sông Mê Công.

Các đại biểu cho rằng hạn hán, xâm nhập mặn nghiêm trọng tại Đồng bằng sông Cửu Long trong mùa khô năm 2020 là lời cảnh báo về những rủi ro mà các quốc gia hạ nguồn đang đối mặt. Sinh kế của hàng chục triệu người phụ thuộc vào dòng sông này.

Đại diện Việt Nam đề nghị các quốc gia trong lưu vực tăng cường minh bạch, chia sẻ kịp thời số liệu vận hành hồ chứa và thông tin khí tượng thủy văn, đồng thời phối hợp đánh giá tác động tổng thể của các dự án thủy điện.

Diễn đàn cũng nhấn mạnh vai trò của hợp tác tiểu vùng Mê Công trong việc gắn kết với các nỗ lực chung của ASEAN, góp phần thu hẹp khoảng cách phát triển và xây dựng Cộng đồng ASEAN bền vững.',
  'text',
  NULL,
  NULL,
  'Văn Chung',
  'TTXVN',
  'published',
  '2020-10-29T03:00:00Z',
  '2020-10-29T03:00:00Z',
  2330);

-- 38
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  38,
  6,
  'Bạn bè quốc tế chung tay hỗ trợ miền Trung khắc phục lũ lụt',
  'Nhiều quốc gia, tổ chức quốc tế đã gửi thư thăm hỏi và dành các khoản viện trợ khẩn cấp giúp người dân miền Trung Việt Nam vượt qua hậu quả thiên tai.',
  'Ngay sau khi các tỉnh miền Trung hứng chịu mưa lũ lịch sử, lãnh đạo nhiều quốc gia đã gửi điện, thư thăm hỏi, bày tỏ sự cảm thông sâu sắc trước những mất mát to lớn của nhân dân Việt Nam.

Các tổ chức thuộc Liên hợp quốc tại Việt Nam đã phối hợp với các bộ, ngành đánh giá nhanh nhu cầu, cung cấp nước sạch, bộ dụng cụ vệ sinh, lều bạt và hỗ trợ tiền mặt cho các hộ dân bị ảnh hưởng.

Nhiều đại sứ quán, doanh nghiệp nước ngoài và cộng đồng người Việt Nam ở nước ngoài cũng tổ chức quyên góp, gửi hàng cứu trợ về các địa phương thông qua Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam và Hội Chữ thập đỏ Việt Nam.

Bộ Ngoại giao Việt Nam cảm ơn sự chia sẻ kịp thời của bạn bè quốc tế, khẳng định các nguồn hỗ trợ sẽ được sử dụng đúng mục đích, minh bạch và hiệu quả.',
  'text',
  NULL,
  NULL,
  'Phương Liên',
  'VGP',
  'published',
  '2020-10-23T09:15:00Z',
  '2020-10-23T09:15:00Z',
  4080);

-- 39
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  39,
  6,
  'Biển Đông trong các diễn đàn đa phương năm 2020',
  'Duy trì hòa bình, ổn định, tự do hàng hải và hàng không ở Biển Đông tiếp tục là mối quan tâm chung được các nước nêu tại nhiều diễn đàn khu vực và quốc tế.',
  'Trong năm 2020, vấn đề Biển Đông được thảo luận tại nhiều hội nghị trong khuôn khổ ASEAN cũng như các diễn đàn đa phương khác. Các nước đều nhấn mạnh tầm quan trọng của việc tôn trọng luật pháp quốc tế, trong đó có Công ước của Liên hợp quốc về Luật Biển năm 1982 (UNCLOS).

Tuyên bố của các hội nghị cấp cao ASEAN tái khẳng định UNCLOS là cơ sở pháp lý để xác định quyền chủ quyền, quyền tài phán và lợi ích hợp pháp trên các vùng biển; kêu gọi các bên kiềm chế, tránh các hành động đơn phương làm gia tăng căng thẳng.

Các nước ASEAN cũng bày tỏ mong muốn sớm nối lại đàm phán về Bộ Quy tắc ứng xử ở Biển Đông (COC) khi điều kiện cho phép, hướng tới một văn kiện thực chất, hiệu quả, phù hợp với luật pháp quốc tế.

Với tư cách Chủ tịch ASEAN 2020, Việt Nam đã nỗ lực thúc đẩy đối thoại, xây dựng lòng tin, đồng thời kiên quyết, kiên trì bảo vệ chủ quyền, quyền chủ quyền và quyền tài phán của mình bằng các biện pháp hòa bình.',
  'text',
  '/img/5f/5fe04f055376c5b69904a98abdfcf3a6-1200.jpg',
  'Biển trời bình yên nơi đảo xa của Tổ quốc. Ảnh minh họa',
  'Nhật Nam',
  'Chinhphu.vn',
  'published',
  '2020-11-02T05:30:00Z',
  '2020-11-02T05:30:00Z',
  11240);

-- 40
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  40,
  7,
  'Phố cổ Hội An lung linh đèn lồng sau những ngày nước lũ',
  'Sau những ngày chìm trong nước lũ, phố cổ Hội An đã nhanh chóng dọn dẹp, thắp sáng đèn lồng, đón du khách trở lại trong đêm phố cổ.',
  'Những ngày cuối tháng 10, nước sông Hoài dâng cao khiến nhiều tuyến phố trong khu phố cổ Hội An (Quảng Nam) ngập sâu. Ngay khi nước rút, người dân và chính quyền địa phương đã khẩn trương dọn bùn đất, vệ sinh nhà cửa, kiểm tra an toàn các di tích.

Tối rằm tháng Chín âm lịch, đèn lồng lại được thắp sáng khắp các con phố. Trên sông Hoài, những chiếc thuyền nhỏ chở du khách thả hoa đăng, tạo nên khung cảnh lung linh, yên bình quen thuộc.

Các hoạt động văn hóa truyền thống như hô hát bài chòi, biểu diễn nhạc cụ dân tộc, trò chơi dân gian cũng được tổ chức trở lại, thu hút đông đảo người dân địa phương và du khách trong nước.

Theo lãnh đạo thành phố Hội An, việc sớm khôi phục các hoạt động văn hóa, du lịch không chỉ giúp người dân có thêm thu nhập mà còn lan tỏa tinh thần lạc quan, vượt khó sau thiên tai.

Thành phố cũng đang triển khai kế hoạch kích cầu du lịch nội địa với nhiều ưu đãi về giá phòng, vé tham quan, hướng tới mục tiêu đón khách an toàn trong điều kiện bình thường mới.',
  'text',
  '/img/48/487eb059a6df6f0ccb3b261cf4903900-1200.jpg',
  'Đèn lồng thắp sáng phố cổ Hội An. Ảnh minh họa',
  'Lan Hương',
  'TTXVN',
  'published',
  '2020-11-01T12:00:00Z',
  '2020-11-01T12:00:00Z',
  8870);

-- 41
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  41,
  7,
  'Triển lãm “Sắc sen” tôn vinh vẻ đẹp biểu tượng văn hóa Việt',
  'Hơn 60 tác phẩm hội họa, nhiếp ảnh và gốm lấy cảm hứng từ hoa sen được giới thiệu tới công chúng Thủ đô tại triển lãm “Sắc sen”.',
  'Triển lãm quy tụ tác phẩm của nhiều họa sĩ, nhiếp ảnh gia và nghệ nhân thuộc nhiều thế hệ. Mỗi tác phẩm là một cách nhìn riêng về hoa sen, loài hoa gắn bó mật thiết với đời sống tinh thần của người Việt.

Người xem có thể bắt gặp những đầm sen Tây Hồ mờ sương trong tranh sơn dầu, những đóa sen cách điệu trên gốm men lam hay khoảnh khắc người nông dân thu hoạch sen trong ảnh đen trắng. Sự đa dạng về chất liệu tạo nên một không gian trưng bày phong phú.

Theo ban tổ chức, triển lãm không chỉ là hoạt động nghệ thuật mà còn nhằm nâng cao ý thức gìn giữ các đầm sen truyền thống, vốn đang bị thu hẹp do quá trình đô thị hóa.

Bên lề triển lãm, ban tổ chức còn có các buổi trò chuyện về nghệ thuật ướp trà sen, nét văn hóa thanh tao của người Hà Nội xưa, thu hút đông đảo bạn trẻ tham gia.

Triển lãm mở cửa miễn phí đến hết ngày 8/11, thực hiện đầy đủ các biện pháp phòng, chống dịch COVID-19 theo quy định.',
  'text',
  '/img/41/41230e6deb6a0e5db5d3a56168b4c3f9-1200.jpg',
  'Hoa sen – biểu tượng quen thuộc trong văn hóa Việt. Ảnh minh họa',
  'Thu Hằng',
  NULL,
  'published',
  '2020-10-24T10:00:00Z',
  '2020-10-24T10:00:00Z',
  1530);

-- 42
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  42,
  7,
  'Đà Nẵng kích cầu du lịch nội địa với chuỗi sự kiện cuối năm',
  'Sau khi kiểm soát tốt dịch bệnh và khắc phục hậu quả bão, Đà Nẵng triển khai nhiều chương trình ưu đãi, lễ hội để thu hút du khách trong những tháng cuối năm.',
  'Theo Sở Du lịch Đà Nẵng, chương trình kích cầu năm nay có sự tham gia của hàng trăm doanh nghiệp lưu trú, lữ hành, nhà hàng và điểm tham quan, với mức giảm giá từ 20% đến 50%.

Bên cạnh các sản phẩm quen thuộc như tắm biển, tham quan bán đảo Sơn Trà, Ngũ Hành Sơn, thành phố giới thiệu thêm nhiều tour trải nghiệm mới như du lịch đường sông về đêm, khám phá ẩm thực đường phố và du lịch nông thôn ở huyện Hòa Vang.

Chuỗi sự kiện cuối năm gồm lễ hội ẩm thực, chương trình nghệ thuật đường phố và các giải thể thao trên biển, hứa hẹn tạo không khí sôi động cho thành phố bên sông Hàn.

Ngành du lịch Đà Nẵng cũng chú trọng bảo đảm an toàn cho du khách bằng việc áp dụng bộ tiêu chí an toàn phòng dịch tại các cơ sở lưu trú và điểm đến; khuyến khích thanh toán không dùng tiền mặt.

Nhiều doanh nghiệp kỳ vọng các chương trình kích cầu sẽ giúp ngành du lịch thành phố từng bước phục hồi, giữ chân người lao động và sẵn sàng khi khách quốc tế quay trở lại.',
  'text',
  '/img/0f/0f409b09cad24dc439dea0c71fa207cd-1200.jpg',
  'Cầu Rồng bắc qua sông Hàn, biểu tượng của thành phố Đà Nẵng. Ảnh minh họa',
  'Hải Đăng',
  'VGP',
  'published',
  '2020-10-31T08:00:00Z',
  '2020-10-31T08:00:00Z',
  5660);

-- 43
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  43,
  7,
  'Số hóa di sản, đưa bảo tàng đến gần công chúng',
  'Nhiều bảo tàng, di tích đã ứng dụng công nghệ thực tế ảo, thuyết minh tự động, giúp công chúng tham quan, tìm hiểu di sản mọi lúc, mọi nơi.',
  'Trong thời gian giãn cách xã hội, khi các bảo tàng phải tạm đóng cửa, hình thức tham quan trực tuyến đã thu hút lượng lớn người xem. Nhiều bảo tàng đã số hóa hiện vật, xây dựng không gian trưng bày 3D để khách có thể tham quan qua máy tính, điện thoại.

Tại một số di tích lớn, du khách chỉ cần quét mã QR để nghe thuyết minh bằng nhiều ngôn ngữ, xem hình ảnh, tư liệu về hiện vật. Cách làm này vừa tiện lợi, vừa giảm chi phí in ấn tài liệu giới thiệu.

Các chuyên gia cho rằng số hóa không chỉ phục vụ quảng bá mà còn là giải pháp lưu trữ, bảo vệ di sản lâu dài, nhất là với những hiện vật dễ hư hỏng theo thời gian hoặc nằm ở khu vực thường xuyên chịu ảnh hưởng của thiên tai.

Bộ Văn hóa, Thể thao và Du lịch đang xây dựng cơ sở dữ liệu quốc gia về di sản văn hóa, hướng tới kết nối, chia sẻ dữ liệu giữa các bảo tàng, thư viện và cơ quan quản lý di tích trên cả nước.',
  'text',
  NULL,
  NULL,
  'Ngọc Mai',
  'Chinhphu.vn',
  'published',
  '2020-11-05T02:00:00Z',
  '2020-11-05T02:00:00Z',
  2480);

-- 44
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  44,
  7,
  'Liên hoan Đờn ca tài tử các tỉnh Nam Bộ',
  'Liên hoan quy tụ hàng trăm nghệ nhân, diễn viên không chuyên đến từ các tỉnh Nam Bộ, góp phần bảo tồn và phát huy giá trị một di sản văn hóa phi vật thể đại diện của nhân loại.',
  'Đờn ca tài tử Nam Bộ được UNESCO ghi danh là Di sản văn hóa phi vật thể đại diện của nhân loại năm 2013. Kể từ đó, các địa phương Nam Bộ đã có nhiều hoạt động gìn giữ, truyền dạy loại hình nghệ thuật độc đáo này.

Tại liên hoan, các đoàn mang đến nhiều tiết mục dạ cổ hoài lang, vọng cổ, lý giao duyên được biểu diễn với đàn kìm, đàn tranh, đàn cò, ghi-ta phím lõm. Nhiều bài bản tài tử cổ được các nghệ nhân cao tuổi thể hiện mộc mạc, sâu lắng.

Điều đáng mừng là có nhiều gương mặt trẻ tham gia liên hoan, trong đó có những em học sinh mới mười mấy tuổi nhưng đã đờn, ca thành thạo. Các câu lạc bộ đờn ca tài tử ở ấp, xã tiếp tục là nơi nuôi dưỡng tình yêu với di sản.

Ban tổ chức cho biết, liên hoan là dịp để các nghệ nhân giao lưu, học hỏi, đồng thời góp phần quảng bá đờn ca tài tử gắn với phát triển du lịch ở Đồng bằng sông Cửu Long.',
  'text',
  NULL,
  NULL,
  'Bảo Ngọc',
  'TTXVN',
  'published',
  '2020-10-22T12:30:00Z',
  '2020-10-22T12:30:00Z',
  1980);

-- 45
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  45,
  7,
  'Rộn ràng Ngày hội Văn hóa các dân tộc vùng Tây Bắc',
  'Ngày hội với nhiều hoạt động trình diễn trang phục, ẩm thực và trò chơi dân gian đã tái hiện đời sống văn hóa phong phú của đồng bào các dân tộc vùng Tây Bắc.',
  'Ngày hội quy tụ các đoàn nghệ nhân, diễn viên quần chúng đến từ các tỉnh Lai Châu, Điện Biên, Sơn La, Lào Cai, Yên Bái và Hà Giang. Mỗi đoàn mang đến những nét văn hóa đặc trưng của đồng bào Thái, Mông, Dao, Hà Nhì, Giáy…

Khách tham quan được thưởng thức điệu xòe Thái uyển chuyển, tiếng khèn Mông vang vọng, xem trình diễn dệt thổ cẩm, vẽ hoa văn bằng sáp ong và nếm thử các món ăn truyền thống như thắng cố, xôi ngũ sắc, cá nướng pa pỉnh tộp.

Các trò chơi dân gian như ném còn, đẩy gậy, kéo co cũng thu hút đông đảo người tham gia, tạo không khí vui tươi, đoàn kết.

Theo ban tổ chức, ngày hội là dịp để tôn vinh, bảo tồn bản sắc văn hóa các dân tộc, đồng thời quảng bá tiềm năng du lịch cộng đồng của vùng Tây Bắc tới du khách trong và ngoài nước.',
  'text',
  NULL,
  NULL,
  'Hoàng Giang',
  NULL,
  'published',
  '2020-11-08T03:20:00Z',
  '2020-11-08T03:20:00Z',
  1340);

-- 46
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  46,
  7,
  'Thư viện số đến với học sinh vùng sâu, vùng xa',
  'Với một chiếc máy tính bảng hay điện thoại có kết nối mạng, học sinh ở nhiều xã vùng cao giờ đây có thể đọc hàng nghìn đầu sách miễn phí.',
  'Chương trình phát triển thư viện số do ngành văn hóa phối hợp với ngành giáo dục triển khai đã đưa kho sách điện tử với hàng nghìn đầu sách thiếu nhi, sách tham khảo và truyện tranh đến với các trường học ở vùng sâu, vùng xa.

Tại nhiều điểm trường, giáo viên đã tổ chức giờ đọc sách trên máy chiếu, giúp học sinh làm quen với sách điện tử. Một số thư viện tỉnh còn triển khai xe thư viện lưu động kết hợp điểm phát wifi miễn phí.

Theo các cán bộ thư viện, khó khăn lớn nhất hiện nay là hạ tầng mạng ở nhiều thôn, bản còn yếu và số lượng thiết bị đọc chưa đáp ứng đủ nhu cầu. Vì vậy, thư viện số vẫn cần được phát triển song song với sách in truyền thống.

Chương trình đặt mục tiêu trong những năm tới mở rộng đến tất cả các huyện nghèo, góp phần phát triển văn hóa đọc và thu hẹp khoảng cách tiếp cận tri thức giữa thành thị và nông thôn.',
  'text',
  NULL,
  NULL,
  'Vũ Dũng',
  'Chinhphu.vn',
  'published',
  '2020-10-26T09:00:00Z',
  '2020-10-26T09:00:00Z',
  960);

-- 47
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, updated_at, view_count) VALUES (
  47,
  6,
  '[Bản nháp] Tổng kết công tác thông tin đối ngoại năm 2020',
  'Bản nháp, chưa được duyệt đăng.',
  'Nội dung đang được biên tập viên hoàn thiện, bổ sung số liệu từ các bộ, ngành.

Bài viết này ở trạng thái nháp và không được hiển thị trên trang.',
  'text',
  NULL,
  NULL,
  'Phương Liên',
  'VGP',
  'draft',
  '2020-11-10T03:00:00Z',
  '2020-11-10T03:00:00Z',
  0);

-- 48
INSERT INTO articles (id, category_id, title, lead, body, body_format, image_url, image_caption, author, source, status, published_at, view_count) VALUES (
  48,
  7,
  '[Hẹn giờ] Chương trình nghệ thuật chào năm mới',
  'Bài viết được hẹn giờ đăng, chưa đến thời điểm xuất bản.',
  'Chương trình nghệ thuật đặc biệt chào năm mới sẽ được tổ chức tại nhiều địa phương trên cả nước.

Bài viết này có thời điểm đăng trong tương lai và không được hiển thị cho đến khi đến giờ.',
  'text',
  NULL,
  NULL,
  'Thu Hằng',
  NULL,
  'published',
  strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+30 days'),
  0);

INSERT INTO article_tags (article_id, tag_id) VALUES
  (1, 1), (1, 2), (1, 16),
  (2, 20), (2, 3), (2, 13),
  (3, 5), (3, 13),
  (4, 13),
  (5, 6), (5, 7),
  (6, 6), (6, 19),
  (7, 3), (7, 9),
  (8, 19),
  (9, 20), (9, 4),
  (10, 21), (10, 20),
  (11, 22),
  (12, 13), (12, 7),
  (13, 5), (13, 4), (13, 20),
  (14, 20),
  (15, 7), (15, 18), (15, 17),
  (16, 12), (16, 4), (16, 3),
  (17, 18), (17, 19),
  (18, 7), (18, 18),
  (19, 19), (19, 20),
  (20, 5), (20, 3), (20, 12),
  (21, 18),
  (22, 8), (22, 13),
  (23, 9), (23, 4), (23, 3),
  (24, 13),
  (25, 6), (25, 9),
  (26, 5), (26, 3),
  (27, 8),
  (28, 9), (28, 3),
  (29, 16), (29, 5), (29, 13),
  (30, 11), (30, 16),
  (31, 2), (31, 16), (31, 11),
  (32, 1),
  (33, 16), (33, 5),
  (34, 2), (34, 15), (34, 3),
  (35, 15), (35, 3),
  (36, 15), (36, 4),
  (37, 2), (37, 17), (37, 15), (37, 21),
  (38, 15), (38, 13),
  (39, 11), (39, 15), (39, 2),
  (40, 10), (40, 14), (40, 13),
  (41, 14), (41, 6),
  (42, 5), (42, 10),
  (43, 14), (43, 4),
  (44, 14), (44, 17), (44, 10),
  (45, 14), (45, 10),
  (46, 14), (46, 4), (46, 8),
  (47, 15),
  (48, 14);

-- Two closed polls with their results, for the archive (/binh-chon/).  No
-- poll is active, as on the reference page; db/examples/open-poll.sql
-- opens one.
INSERT INTO polls (id, question, starts_at, ends_at, multiple, status) VALUES
  (1, 'Bạn thường đọc tin tức trên thiết bị nào?', '2020-10-01T00:00:00Z', '2020-10-31T16:59:59Z', 1, 'closed'),
  (2, 'Những dịch vụ công trực tuyến nào bạn đã sử dụng? (chọn tối đa 2)', '2020-09-01T00:00:00Z', '2020-09-30T16:59:59Z', 2, 'closed');
INSERT INTO poll_options (id, poll_id, label, position) VALUES
  (1, 1, 'Điện thoại di động', 1),
  (2, 1, 'Máy tính để bàn hoặc xách tay', 2),
  (3, 1, 'Máy tính bảng', 3),
  (4, 2, 'Đăng ký khai sinh, kết hôn', 1),
  (5, 2, 'Nộp thuế, lệ phí', 2),
  (6, 2, 'Cấp, đổi giấy phép lái xe', 3),
  (7, 2, 'Đăng ký kinh doanh', 4);
-- Sample voters (the figures come from these rows, through the trigger
-- that keeps poll_options.votes).
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120)
INSERT INTO poll_voters (poll_id, voter, ip_hash, voted_at)
SELECT 1 + (i > 70), 'v:sample' || i, 'sample', 1603000000 + i FROM n;
INSERT INTO poll_votes (poll_id, option_id, voter, voted_at)
SELECT 1, CASE WHEN i % 10 < 7 THEN 1 WHEN i % 10 < 9 THEN 2 ELSE 3 END, voter, voted_at
FROM (SELECT CAST(substr(voter, 9) AS INTEGER) AS i, voter, voted_at
      FROM poll_voters WHERE poll_id = 1);
INSERT INTO poll_votes (poll_id, option_id, voter, voted_at)
SELECT 2, 4 + (i % 4), voter, voted_at
FROM (SELECT CAST(substr(voter, 9) AS INTEGER) AS i, voter, voted_at
      FROM poll_voters WHERE poll_id = 2)
UNION ALL
SELECT 2, 4 + ((i + 1) % 4), voter, voted_at
FROM (SELECT CAST(substr(voter, 9) AS INTEGER) AS i, voter, voted_at
      FROM poll_voters WHERE poll_id = 2 AND i % 3 = 0);
