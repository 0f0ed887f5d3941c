//! The contract's fixed vocabularies: categories, account types and actions (contract §1–3).
//!
//! Ids are stable strings: they appear in lexicons, policies and JSON verdicts. Add to these tables,
//! never rename or repurpose an entry.

use std::fmt;
use std::str::FromStr;

/// What a hit asks for. Ordered: `Note < Review < Block`.
///
/// # Example
/// ```
/// use shenhe::Action;
/// assert!(Action::Block > Action::Review);
/// assert_eq!("review".parse::<Action>().unwrap(), Action::Review);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    /// Advice: does not hold the post.
    Note,
    /// A person must look before it goes out (先审后发).
    Review,
    /// Must not be published.
    Block,
}

impl Action {
    /// The contract id (`note`, `review`, `block`).
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Note => "note",
            Action::Review => "review",
            Action::Block => "block",
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Action {
    type Err = UnknownId;
    fn from_str(s: &str) -> Result<Action, UnknownId> {
        match s {
            "note" => Ok(Action::Note),
            "review" => Ok(Action::Review),
            "block" => Ok(Action::Block),
            _ => Err(UnknownId::new("action", s)),
        }
    }
}

/// A post's overall verdict (contract §2): `block` if any hit blocks, else `review` if any hit asks for
/// review, else `pass`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Decision {
    /// Nothing holds the post.
    Pass,
    /// A person must look first.
    Review,
    /// Must not be published.
    Block,
}

impl Decision {
    /// The contract id (`pass`, `review`, `block`).
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Pass => "pass",
            Decision::Review => "review",
            Decision::Block => "block",
        }
    }

    /// The decision that a set of hit actions gives.
    pub(crate) fn from_actions(actions: impl IntoIterator<Item = Action>) -> Decision {
        match actions.into_iter().max() {
            Some(Action::Block) => Decision::Block,
            Some(Action::Review) => Decision::Review,
            Some(Action::Note) | None => Decision::Pass,
        }
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How risky a post is, in one word (contract §7): the role of the commercial moderation APIs'
/// `riskLevel` (Aliyun), `Suggestion` with its score band (Tencent) or `level` (Yidun).
///
/// `None`: pass with no notes; `Low`: notes only (advice that does not hold the post);
/// `Medium`: a person must look (`review`); `High`: must not be published (`block`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Risk {
    /// Nothing found.
    None,
    /// Only notes: advice that does not hold the post.
    Low,
    /// The post waits for a person (`review`).
    Medium,
    /// The post must not be published (`block`).
    High,
}

impl Risk {
    /// The contract id (`none`, `low`, `medium`, `high`).
    pub fn as_str(self) -> &'static str {
        match self {
            Risk::None => "none",
            Risk::Low => "low",
            Risk::Medium => "medium",
            Risk::High => "high",
        }
    }

    /// The risk that a set of hit actions gives.
    pub(crate) fn from_actions(actions: impl IntoIterator<Item = Action>) -> Risk {
        match actions.into_iter().max() {
            Some(Action::Block) => Risk::High,
            Some(Action::Review) => Risk::Medium,
            Some(Action::Note) => Risk::Low,
            None => Risk::None,
        }
    }
}

impl fmt::Display for Risk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The account a post will be published from (contract §1). Defaults to `Org`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Account {
    /// An official account opened in an organisation's name (机构政务账号).
    #[default]
    Org,
    /// A public servant's account verified with their post (以职务身份认证的账号).
    Staff,
    /// A public servant's private account: must carry no official information.
    Private,
}

impl Account {
    /// All account types, in table order.
    pub const ALL: [Account; 3] = [Account::Org, Account::Staff, Account::Private];

    /// The contract id (`org`, `staff`, `private`).
    pub fn as_str(self) -> &'static str {
        match self {
            Account::Org => "org",
            Account::Staff => "staff",
            Account::Private => "private",
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Account {
    type Err = UnknownId;
    fn from_str(s: &str) -> Result<Account, UnknownId> {
        match s {
            "org" => Ok(Account::Org),
            "staff" => Ok(Account::Staff),
            "private" => Ok(Account::Private),
            _ => Err(UnknownId::new("account", s)),
        }
    }
}

/// An id that is not part of the contract.
///
/// # Example
/// ```
/// use shenhe::{Account, UnknownIdKind};
/// let err = "company".parse::<Account>().unwrap_err();
/// assert_eq!(err.kind(), &UnknownIdKind::Account);
/// assert_eq!(err.id(), "company");
/// assert_eq!(err.to_string(), "unknown account \"company\" (expected org, staff or private)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownId {
    what: &'static str,
    id: String,
}

/// Which kind of id was not recognized: the kind of an [`UnknownId`].
///
/// More kinds may be added in any release, so a `match` needs a `_` arm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UnknownIdKind {
    /// A [`Category`] id.
    Category,
    /// An [`Account`] id.
    Account,
    /// An [`Action`] id.
    Action,
}

impl UnknownId {
    fn new(what: &'static str, id: &str) -> UnknownId {
        UnknownId {
            what,
            id: id.to_string(),
        }
    }

    /// Which kind of id was not recognized.
    pub fn kind(&self) -> &UnknownIdKind {
        match self.what {
            "category" => &UnknownIdKind::Category,
            "account" => &UnknownIdKind::Account,
            _ => &UnknownIdKind::Action,
        }
    }

    /// The id as given.
    pub fn id(&self) -> &str {
        &self.id
    }
}

impl fmt::Display for UnknownId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {} {:?}", self.what, self.id)?;
        match self.what {
            "category" => write!(f, " (see docs/contract.md §3 for the category ids)"),
            "account" => write!(f, " (expected org, staff or private)"),
            "action" => write!(f, " (expected note, review or block)"),
            _ => Ok(()),
        }
    }
}

impl std::error::Error for UnknownId {}

/// One row of the category table.
struct CategoryInfo {
    id: &'static str,
    name: &'static str,
    clause: &'static str,
    /// Default action per account type (org, staff, private); `None` is the table's "—": the
    /// category does not apply to that account.
    defaults: [Option<Action>; 3],
}

const B: Option<Action> = Some(Action::Block);
const R: Option<Action> = Some(Action::Review);
const N: Option<Action> = Some(Action::Note);
const NONE: Option<Action> = None;

macro_rules! categories {
    ($($variant:ident = $id:literal, $name:literal, $clause:literal, [$o:ident, $s:ident, $p:ident];)*) => {
        /// A content category of contract §3.
        ///
        /// The order of the variants is the table's order, which is also the tie-break for "most
        /// severe first" among categories with the same action.
        ///
        /// # Example
        /// ```
        /// use shenhe::{Account, Action, Category};
        /// let c: Category = "gambling".parse().unwrap();
        /// assert_eq!(c.name(), "赌博");
        /// assert_eq!(c.default_action(Account::Org), Some(Action::Block));
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Category {
            $(
                #[doc = concat!("`", $id, "`: ", $name, " (", $clause, ")")]
                $variant,
            )*
        }

        static TABLE: &[CategoryInfo] = &[
            $(CategoryInfo { id: $id, name: $name, clause: $clause, defaults: [$o, $s, $p] },)*
        ];

        impl Category {
            /// Every category, in table order.
            pub const ALL: &'static [Category] = &[$(Category::$variant,)*];
        }
    };
}

categories! {
    Constitution = "constitution", "违反宪法确定的基本原则", "Y9(一)", [B, B, B];
    StateSecurity = "state_security", "危害国家安全", "Y9(二)", [B, B, B];
    StateSecret = "state_secret", "泄露国家秘密、工作秘密", "Y9(二)", [B, B, B];
    NationalHonor = "national_honor", "损害国家荣誉和利益", "Y9(三)", [B, B, B];
    EthnicHatred = "ethnic_hatred", "煽动民族仇恨、民族歧视", "Y9(四)", [B, B, B];
    CultSuperstition = "cult_superstition", "宣扬邪教和封建迷信", "Y9(五)", [B, B, B];
    Rumor = "rumor", "散布谣言", "Y9(六)", [B, B, B];
    Porn = "porn", "淫秽色情", "Y9(七)", [B, B, B];
    Gambling = "gambling", "赌博", "Y9(七)", [B, B, B];
    ViolenceTerror = "violence_terror", "暴力恐怖", "Y9(七)", [B, B, B];
    CrimeInstigation = "crime_instigation", "教唆犯罪", "Y9(七)", [B, B, B];
    InsultDefamation = "insult_defamation", "侮辱诽谤", "Y9(八)", [B, B, B];
    IllegalAssembly = "illegal_assembly", "煽动非法集会", "Y9(九)", [B, B, B];
    IllegalOrganization = "illegal_organization", "以非法民间组织名义活动", "Y9(十)", [B, B, B];
    UnauthorizedDisclosure = "unauthorized_disclosure", "擅自披露不应公开的信息", "Y9(十一)", [R, R, R];
    EmotionalOpinion = "emotional_opinion", "情绪化的个人观点", "Y9(十二)", [R, R, NONE];
    OtherProhibited = "other_prohibited", "法律法规禁止的其他内容", "Y9(十三)", [B, B, B];
    Vulgar = "vulgar", "庸俗低俗", "S九", [R, R, R];
    CommercialAd = "commercial_ad", "商业广告", "G10.9", [B, B, R];
    PersonalInfo = "personal_info", "未去标识化的个人信息", "H15", [B, B, R];
    Unverified = "unverified", "未经证实或来源不明", "Y11", [R, R, R];
    MissingAttribution = "missing_attribution", "未注明出处或转载标识", "X12", [R, R, N];
    NeedsSignoff = "needs_signoff", "须经审核签发的敏感信息", "Y13", [R, R, NONE];
    OfficialInfoOnPrivate = "official_info_on_private", "私人账号发布公务信息", "Y13", [NONE, NONE, B];
    Format = "format", "话题与栏目标识", "X12", [N, N, N];
}

impl Category {
    fn info(self) -> &'static CategoryInfo {
        &TABLE[self as usize]
    }

    /// The contract id, e.g. `gambling`.
    pub fn id(self) -> &'static str {
        self.info().id
    }

    /// The short Chinese name used in reasons, e.g. `赌博`.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// True for the content categories of contract §3 (`constitution` … `commercial_ad`): what
    /// a post says, as against how it is published (personal information, attribution,
    /// sign-off, format). Lexicon terms of these are heard by sound, and a model learns them.
    pub fn is_content(self) -> bool {
        self.index() <= Category::CommercialAd.index()
    }

    /// The first regulation clause the category rests on (contract §3), e.g. `Y9(七)`.
    pub fn clause(self) -> &'static str {
        self.info().clause
    }

    /// The contract's default action for this category on `account`; `None` where the category
    /// does not apply (the table's "—").
    pub fn default_action(self, account: Account) -> Option<Action> {
        self.info().defaults[account.index()]
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Category {
    type Err = UnknownId;
    fn from_str(s: &str) -> Result<Category, UnknownId> {
        Category::ALL
            .iter()
            .copied()
            .find(|c| c.id() == s)
            .ok_or_else(|| UnknownId::new("category", s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_and_enum_agree() {
        assert_eq!(TABLE.len(), Category::ALL.len());
        for (i, c) in Category::ALL.iter().enumerate() {
            assert_eq!(c.index(), i);
            assert_eq!(c.id().parse::<Category>().unwrap(), *c);
        }
    }

    #[test]
    fn spec_defaults() {
        use Account::*;
        assert_eq!(Category::EmotionalOpinion.default_action(Private), None);
        assert_eq!(
            Category::CommercialAd.default_action(Private),
            Some(Action::Review)
        );
        assert_eq!(Category::NeedsSignoff.default_action(Private), None);
        assert_eq!(Category::OfficialInfoOnPrivate.default_action(Org), None);
        assert_eq!(
            Category::OfficialInfoOnPrivate.default_action(Private),
            Some(Action::Block)
        );
        assert_eq!(
            Category::MissingAttribution.default_action(Private),
            Some(Action::Note)
        );
        assert_eq!(Category::Format.default_action(Staff), Some(Action::Note));
    }

    #[test]
    fn unknown_ids_are_named() {
        let e = "gamble".parse::<Category>().unwrap_err();
        assert!(e.to_string().contains("\"gamble\""), "{e}");
        assert!("public".parse::<Account>().is_err());
        assert!("pass".parse::<Action>().is_err());
    }
}
