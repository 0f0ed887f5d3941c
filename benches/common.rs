//! Fixtures shared by the benches: corpora and lexicons of a chosen size.
//!
//! Real text comes from the Weibo comments corpus when it is present: set `SHENHE_DATA` to the
//! data folder (the one holding `corpus/weibo-comments.jsonl`), or keep the brief's layout where
//! it sits at `../shared/data`. Without it, a generated corpus is used, and the benches say so.
#![allow(dead_code)]

use std::path::PathBuf;

use shenhe::{Engine, Lexicon};

/// Common characters of Chinese posts, for generated text and terms.
const COMMON: &str = "的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会家可下而过天去能对小多然于心学么之都好看起发当没成只如事把还用第样道想作种开美总从无情己面最女但现前些所同日手又行意动方期它头经长儿回位分爱老因很给名法间斯知世什两次使身者被高已亲其进此话常与活正感见明问力理尔点文几定本公特做外孩相西果走将月十实向声车全信重三机工物气每并别真打太新比才便夫再书部水像眼等体却加电主界门利海受听表德少克代员许先口由死安写性马光白或住难望教命花结乐色更拉东神记处让母父应直字场平报友关放至张认接告入笑内英军候民岁往何度山觉路带万男边风解叫任金快原吃妈变通师立象数四失满战远格士音轻目条呢病始达深完今提求清王化空业思切怎非找片罗钱吗语元喜曾离飞科言干流欢约各即指合反题必该论交终林请医晚制球决传画保读运及则房早院量苦火布品近坐产答星精视五连司巴奇管类未朋且婚台夜青北队久乎越观落尽形影红爸百令周吧识步希亚术留市半热送兴造谈容极随演收首根讲整式取照办强石古华拿计您装似足双妻尼转诉米称丽客南领节衣站黑刻统断福城故历惊脸选包紧争另建维绝树系伤示愿持千史谁准联妇纪基买志静阿诗独复痛消社算义竟确酒需单治卡幸兰念举仅钟怕共毛句息功官待究跟穿室易游程号居考突皮哪费倒价图具刚脑永歌响商礼细专黄块脚味灵改据般破引食仍存众注笔甚某沉血备习校默务土微娘须试怀料调广苏显赛查密议底列富梦错座参八除跑亮假印设线温虽掉京初养香停际致阳纸李纳验助激够严证帝饭忘趣支春集丈木研班普导顿睡展跳获艺六波察群皇段急庭创区奥器谢弟店否害草排背止组州朝封睛板角况曲馆育忙质河续哥呼若推境遇雨标姐充围案伦护冷警贝著雪索剧啊船险烟依斗值帮汉慢佛肯闻唱沙局伯族低玩资屋击速顾泪洲团圣旁堂兵七露园牛哭旅街劳型烈姑陈莫鱼异抱宝权鲁简态级票怪寻杀律胜份汽右洋范床舞秘午登楼贵吸责例追较职属渐左录丝牙党继托赶章智冲叶胡吉卖坚喝肉遗救修松临藏担戏善卫药悲敢靠伊村戴词森耳差短祖云规窗散迷油旧适乡架恩投弹铁博雷府压超负勒杂醒洗采毫嘴毕九冰既状乱景席珍童顶派素脱农疑练野按犯拍征坏骨余承置彩灯巨琴免环姆暗换技翻束增忍餐洛塞缺忆判欧层付阵玛批岛项狗休懂武革良恶恋委拥娜妙探呀营退摇弄桌熟诺宣银势奖宫忽套康供优课鸟喊降夏困刘罪亡鞋健模败伴守挥鲜财孤枪禁恐伙杰迹妹遍盖副坦牌江顺秋萨菜划授归浪听凡预奶雄升编典袋莱含盛济蒙棋端腿招释介烧误";

/// A small deterministic generator (xorshift), so every run benches the same data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn common_chars() -> Vec<char> {
    COMMON.chars().collect()
}

/// Where the shared data folder is, if present.
pub fn data_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("SHENHE_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data")));
    dir.join("corpus/weibo-comments.jsonl")
        .is_file()
        .then_some(dir)
}

/// A corpus of posts of about `bytes` bytes: real Weibo comments when the data folder is
/// present, generated text otherwise. The name says which.
pub fn corpus(bytes: usize) -> (&'static str, Vec<String>) {
    if let Some(dir) = data_dir() {
        let text = std::fs::read_to_string(dir.join("corpus/weibo-comments.jsonl")).unwrap();
        let mut posts = Vec::new();
        let mut total = 0;
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            if let Some(t) = v["text"].as_str() {
                total += t.len();
                posts.push(t.to_string());
                if total >= bytes {
                    break;
                }
            }
        }
        eprintln!(
            "corpus: weibo-comments.jsonl, {} posts, {total} bytes",
            posts.len()
        );
        ("weibo", posts)
    } else {
        eprintln!("corpus: SHENHE_DATA not set and ../shared/data absent; using generated text");
        ("generated", generated_posts(bytes, 42))
    }
}

/// Generated posts of 10–80 common characters with punctuation; every 50th carries a planted
/// gambling solicitation so that screens have something to find.
pub fn generated_posts(bytes: usize, seed: u64) -> Vec<String> {
    let chars = common_chars();
    let mut rng = Rng::new(seed);
    let mut posts = Vec::new();
    let mut total = 0;
    while total < bytes {
        let len = 10 + rng.below(70);
        let mut s = String::new();
        for i in 0..len {
            s.push(chars[rng.below(chars.len())]);
            if i % 13 == 12 {
                s.push('，');
            }
        }
        if posts.len() % 50 == 0 {
            s.push_str("网络赌场注册就送彩金");
        }
        s.push('。');
        total += s.len();
        posts.push(s);
    }
    posts
}

/// A post of about `chars` characters.
pub fn post_of(chars: usize, seed: u64) -> String {
    let mut s = String::new();
    for p in generated_posts(chars * 3, seed) {
        s.push_str(&p);
        if s.chars().count() >= chars {
            break;
        }
    }
    s.chars().take(chars).collect()
}

/// Every `*.txt` of `lexicons/` as (file name, text), in the order the folder lists them.
fn lexicon_texts() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/lexicons");
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

/// The tab-separated fields of a term line (trimmed) that is no `allow` line; `None` for a
/// blank line, a comment, a directive (`@set`, `@context`) or an allow line.
fn term_fields(line: &str) -> Option<Vec<&str>> {
    let t = line.trim();
    if t.is_empty() || t.starts_with('#') || t.starts_with('@') {
        return None;
    }
    let fields: Vec<&str> = t.split('\t').collect();
    (fields.get(1) != Some(&"allow")).then_some(fields)
}

/// The shipped lexicon's term strings (first field of every term line), for the raw scan. (The
/// emoji table's emoji are read as terms too: the raw scan's terms as they have always been.)
pub fn shipped_terms() -> Vec<String> {
    let mut terms = Vec::new();
    for (_, text) in lexicon_texts() {
        for fields in text.lines().filter_map(term_fields) {
            if !fields[0].is_empty() {
                terms.push(fields[0].to_string());
            }
        }
    }
    terms
}

/// `n` generated user-style terms: 3–5 common characters, as an organisation's own watch list
/// would hold (names, places, product words).
pub fn generated_terms(n: usize, seed: u64) -> Vec<String> {
    let chars = common_chars();
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|_| {
            let len = 3 + rng.below(3);
            (0..len).map(|_| chars[rng.below(chars.len())]).collect()
        })
        .collect()
}

/// Terms for a lexicon of about `size` terms: the shipped ones, topped up with generated ones.
pub fn terms(size: usize) -> Vec<String> {
    let mut t = shipped_terms();
    if t.len() < size {
        t.extend(generated_terms(size - t.len(), 7));
    }
    t.truncate(size);
    t
}

/// An engine over the shipped lexicons plus generated terms up to `size` terms.
pub fn engine(size: usize) -> Engine {
    let shipped = shipped_terms().len();
    let mut b = Lexicon::builder();
    b.add_shipped().unwrap();
    if size > shipped {
        let extra = generated_terms(size - shipped, 7).join("\n");
        b.add_word_list("generated.txt", extra.as_bytes(), shenhe::Category::Vulgar)
            .unwrap();
    }
    Engine::builder()
        .lexicon(b.build().unwrap())
        .build()
        .unwrap()
}

/// The shipped lexicons' files in load order (`sets.txt`, `contexts.txt`, then the rest by name;
/// `emoji.txt` is normalization's table, not a lexicon), as (name, text).
fn shipped_files() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = lexicon_texts()
        .into_iter()
        .filter(|(name, _)| name != "emoji.txt")
        .collect();
    let rank = |n: &str| match n {
        "sets.txt" => 0,
        "contexts.txt" => 1,
        _ => 2,
    };
    files.sort_by(|a, b| (rank(&a.0), &a.0).cmp(&(rank(&b.0), &b.0)));
    files
}

/// [`engine`] with no term matched by sound: every term line of the shipped lexicons and every
/// generated term says `homophone=off`. Screening with it beside [`engine`] bounds what the
/// homophone view costs: the spans it hears, and the rule checks and word cuts they set off
/// (an upper bound when the same posts are screened again, `scan.rs` says why).
pub fn engine_unheard(size: usize) -> Engine {
    let mut b = Lexicon::builder();
    for (name, text) in shipped_files() {
        let text: String = text
            .lines()
            .map(|line| match term_fields(line) {
                None => format!("{line}\n"),
                // (A line's own `homophone` attribute gives way to `off`.)
                Some(fields) => {
                    let kept: Vec<&str> = fields
                        .into_iter()
                        .filter(|f| !f.starts_with("homophone"))
                        .collect();
                    format!("{}\thomophone=off\n", kept.join("\t"))
                }
            })
            .collect();
        b.add_str(&name, &text).unwrap();
    }
    let shipped = shipped_terms().len();
    if size > shipped {
        let extra: String = generated_terms(size - shipped, 7)
            .iter()
            .map(|t| format!("{t}\tvulgar\thomophone=off\n"))
            .collect();
        b.add_str("generated.txt", &extra).unwrap();
    }
    Engine::builder()
        .lexicon(b.build().unwrap())
        .build()
        .unwrap()
}
