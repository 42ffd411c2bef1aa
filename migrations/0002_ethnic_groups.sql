-- 0002_ethnic_groups.sql: the 54 ethnic groups of Vietnam with their
-- official 2-digit codes (Kinh = 01; every other group is a minority).
--
-- Source: Tổng cục Thống kê, "Danh mục các thành phần dân tộc Việt Nam",
-- Quyết định 121-TCTK/PPCĐ (02/03/1979).  Groups are numbered by their
-- 1979 population.
--
-- Confidence (tags as in shared/domain/sources.md):
-- * Decision number and date, codes 01-11 (Kinh .. Ngái) [CONFIRMED,
--   secondary pages reproducing the list]: cucthongke.danang.gov.vn
--   chi-tiet-tin-tuc?dinhdanh=112&cat=20 (01-09, headed "Ban hành theo
--   quyết định số 121-TCTK/PPCĐ ngày 2 tháng 3 năm 1979");
--   kiemtailieu.com danh-muc-cac-thanh-phan-dan-toc-viet-nam (01-09);
--   oxyz.wordpress.com 2007/11/26 dan-toc-viet-nam-theo-dia-ban-sinh-song
--   (01-11).  Only page beginnings were readable.
-- * Codes 12-54 [THIRD-PARTY CODE]: the same numbering in six unrelated
--   code lists (SQL dumps, Java/C# enums, a Dart map; find_string ids
--   44405793007, 2459260584, 4016538837, 24893930353, 65744509493,
--   3627127943).  One list (71335280457) swaps 53 and 54; the majority
--   (53 Ơ Đu, 54 Rơ-măm) is used here.
-- * Spelling of names [UNCONFIRMED - memory + third-party]: the lists
--   disagree (Tà-ôi/Ta-ôi, La Chí/La Chi, Cờ Lao/Cơ Lao/Co Lao, HMông/
--   Hmông/Mông, Chu-ru/Chu ru, Ơ Đu/Ơ-đu).  Variants that differ only in
--   diacritics fold to the same name_fold; hyphen/space variants do not.
-- * Who uses these codes: health-insurance data exchange (QĐ 4750/QĐ-BYT
--   XML, field MA_DANTOC "theo QĐ 121-TCTK/PPCĐ") [THIRD-PARTY CODE,
--   find_string id 20109085782].  The citizen-ID system: [UNCONFIRMED -
--   memory].
--
-- WARNING: a different GSO list exists.  Quyết định 1019/QĐ-TCTK
-- (12/11/2008) renumbers the groups (04 Mường, 05 Khơ me, 06 Hoa,
-- 11 Ê-đê, 12 Ba-na, ...) [CONFIRMED: qcvn109.gov.vn
-- phu-luc-e-tham-khao-danh-muc-dan-toc-viet-nam; gso.gov.vn DocID=15172];
-- that it is the list of the 2009 census is [UNCONFIRMED - memory].
-- Codes taken from census or GSO survey files must be mapped by name,
-- never copied.
--
-- name_fold: lower case, Vietnamese diacritics removed, đ -> d; hyphens
-- and spaces kept as they are.

INSERT INTO ethnicity (code, name_vi, name_fold, is_minority) VALUES
  ('01', 'Kinh',            'kinh',            0),
  ('02', 'Tày',             'tay',             1),
  ('03', 'Thái',            'thai',            1),
  ('04', 'Hoa',             'hoa',             1),
  ('05', 'Khơ-me',          'kho-me',          1),
  ('06', 'Mường',           'muong',           1),
  ('07', 'Nùng',            'nung',            1),
  ('08', 'HMông',           'hmong',           1),
  ('09', 'Dao',             'dao',             1),
  ('10', 'Gia-rai',         'gia-rai',         1),
  ('11', 'Ngái',            'ngai',            1),
  ('12', 'Ê-đê',            'e-de',            1),
  ('13', 'Ba-na',           'ba-na',           1),
  ('14', 'Xơ-đăng',         'xo-dang',         1),
  ('15', 'Sán Chay',        'san chay',        1),
  ('16', 'Cơ-ho',           'co-ho',           1),
  ('17', 'Chăm',            'cham',            1),
  ('18', 'Sán Dìu',         'san diu',         1),
  ('19', 'Hrê',             'hre',             1),
  ('20', 'Mnông',           'mnong',           1),
  ('21', 'Ra-glai',         'ra-glai',         1),
  ('22', 'Xtiêng',          'xtieng',          1),
  ('23', 'Bru-Vân Kiều',    'bru-van kieu',    1),
  ('24', 'Thổ',             'tho',             1),
  ('25', 'Giáy',            'giay',            1),
  ('26', 'Cơ-tu',           'co-tu',           1),
  ('27', 'Gié-Triêng',      'gie-trieng',      1),
  ('28', 'Mạ',              'ma',              1),
  ('29', 'Khơ-mú',          'kho-mu',          1),
  ('30', 'Co',              'co',              1),
  ('31', 'Tà-ôi',           'ta-oi',           1),
  ('32', 'Chơ-ro',          'cho-ro',          1),
  ('33', 'Kháng',           'khang',           1),
  ('34', 'Xinh-mun',        'xinh-mun',        1),
  ('35', 'Hà Nhì',          'ha nhi',          1),
  ('36', 'Chu-ru',          'chu-ru',          1),
  ('37', 'Lào',             'lao',             1),
  ('38', 'La Chí',          'la chi',          1),
  ('39', 'La Ha',           'la ha',           1),
  ('40', 'Phù Lá',          'phu la',          1),
  ('41', 'La Hủ',           'la hu',           1),
  ('42', 'Lự',              'lu',              1),
  ('43', 'Lô Lô',           'lo lo',           1),
  ('44', 'Chứt',            'chut',            1),
  ('45', 'Mảng',            'mang',            1),
  ('46', 'Pà Thẻn',         'pa then',         1),
  ('47', 'Cờ Lao',          'co lao',          1),
  ('48', 'Cống',            'cong',            1),
  ('49', 'Bố Y',            'bo y',            1),
  ('50', 'Si La',           'si la',           1),
  ('51', 'Pu Péo',          'pu peo',          1),
  ('52', 'Brâu',            'brau',            1),
  ('53', 'Ơ Đu',            'o du',            1),
  ('54', 'Rơ-măm',          'ro-mam',          1);
