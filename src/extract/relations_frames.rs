//! Relation frames, one test per frame and word order, on sentences written for them.
use crate::extract::Extractor;
use crate::lexicon::Lexicon;
use std::sync::OnceLock;

pub(super) type Rel = (String, String, String, i8, bool);

fn extractor() -> &'static Extractor {
    static EX: OnceLock<Extractor> = OnceLock::new();
    EX.get_or_init(|| Extractor::new(Lexicon::defaults().unwrap()))
}

pub(super) fn run(text: &str) -> Vec<Rel> {
    extractor()
        .extract(text, "0123456789abcdef")
        .relations
        .into_iter()
        .filter(|r| !r.rolled_up)
        .map(|r| (r.source, r.target, r.kind, r.sign, r.rollup))
        .collect()
}

pub(super) fn has(rs: &[Rel], s: &str, t: &str, kind: &str) -> bool {
    rs.iter().any(|r| r.0 == s && r.1 == t && r.2 == kind)
}

/// The pair, either way.
pub(super) fn pair(rs: &[Rel], a: &str, b: &str, kind: &str) -> bool {
    has(rs, a, b, kind) || has(rs, b, a, kind)
}

/// Every edge of the kind has the sign.
fn signed(rs: &[Rel], kind: &str, sign: i8) -> bool {
    rs.iter().filter(|r| r.2 == kind).all(|r| r.3 == sign)
}

/// The mediator relates to both parties, with sign 0, and the parties are
/// not taken for mediators of each other.
fn mediates(rs: &[Rel], m: &str, a: &str, b: &str) -> bool {
    has(rs, m, a, "mediation")
        && has(rs, m, b, "mediation")
        && signed(rs, "mediation", 0)
        && !pair(rs, a, b, "mediation")
}

/// A hostile edge of the kind between the two, either way, with sign -1.
fn hostile(rs: &[Rel], a: &str, b: &str, kind: &str) -> bool {
    pair(rs, a, b, kind) && signed(rs, kind, -1)
}

// --- mediation

#[test]
fn mediation_verb_first() {
    let rs = run("توسطت روسيا بين أرمينيا وأذربيجان للتوصل إلى وقف لإطلاق النار في الإقليم.");
    assert!(mediates(&rs, "russia", "armenia", "azerbaijan"), "{rs:?}");
}

#[test]
fn mediation_subject_first() {
    let rs = run("وقالت مصادر دبلوماسية إن روسيا تتوسط بين أرمينيا وأذربيجان منذ أسابيع.");
    assert!(mediates(&rs, "russia", "armenia", "azerbaijan"), "{rs:?}");
}

#[test]
fn mediation_nominal_nisba() {
    let rs = run("وتوصل الجانبان إلى الاتفاق بوساطة روسية بين أرمينيا وأذربيجان بعد ساعات من المفاوضات.");
    assert!(mediates(&rs, "russia", "armenia", "azerbaijan"), "{rs:?}");
}

#[test]
fn mediation_under_the_auspices_of() {
    let rs = run("وعقدت جولة جديدة من المحادثات بين أرمينيا وأذربيجان برعاية الاتحاد الأوروبي في بروكسل.");
    assert!(mediates(&rs, "european_union", "armenia", "azerbaijan"), "{rs:?}");
}

#[test]
fn mediation_with_the_participation_of() {
    let rs = run("وعقدت محادثات بين أرمينيا وأذربيجان بمشاركة الاتحاد الأوروبي.");
    assert!(mediates(&rs, "european_union", "armenia", "azerbaijan"), "{rs:?}");
}

#[test]
fn mediation_host_of_talks_verb_first() {
    let rs = run("استضافت الولايات المتحدة محادثات بين أرمينيا وأذربيجان في واشنطن الأسبوع الماضي.");
    assert!(mediates(&rs, "united_states", "armenia", "azerbaijan"), "{rs:?}");
}

#[test]
fn mediation_talks_in_a_capital() {
    let rs = run("وانطلقت أمس محادثات في موسكو بين أرمينيا وأذربيجان حول ترسيم الحدود.");
    assert!(mediates(&rs, "russia", "armenia", "azerbaijan"), "{rs:?}");
}

#[test]
fn mediation_minsk_group_sponsors_talks() {
    let rs = run("ودعت أرمينيا إلى استئناف المفاوضات بين أرمينيا وأذربيجان التي ترعاها مجموعة مينسك.");
    assert!(mediates(&rs, "minsk_group", "armenia", "azerbaijan"), "{rs:?}");
}

#[test]
fn mediation_offer_in_reported_speech() {
    let rs = run("وقال لافروف إن موسكو مستعدة للوساطة بين يريفان وباكو.");
    assert!(mediates(&rs, "russia", "armenia", "azerbaijan"), "{rs:?}");
}

// --- deployment

#[test]
fn deployment_verb_first() {
    let rs = run("نشرت روسيا قوات حفظ سلام في ناغورني قره باغ بموجب الاتفاق الثلاثي.");
    assert!(rs.iter().any(|r| r.0 == "russia" && r.2 == "deployment" && r.3 == 0), "{rs:?}");
}

#[test]
fn deployment_verb_first_with_host() {
    let rs = run("أرسلت روسيا قوات إضافية إلى أرمينيا لتعزيز قاعدتها العسكرية هناك.");
    assert!(has(&rs, "russia", "armenia", "deployment") && signed(&rs, "deployment", 0), "{rs:?}");
}

#[test]
fn deployment_subject_first() {
    let rs = run("وكانت روسيا نشرت قوات في أرمينيا بعد توقيع اتفاق الدفاع المشترك.");
    assert!(has(&rs, "russia", "armenia", "deployment") && signed(&rs, "deployment", 0), "{rs:?}");
}

#[test]
fn deployment_nominal_owner_nisba() {
    let rs = run("وأعلن الكرملين عن نشر قوات حفظ سلام روسية في أرمينيا على طول الحدود.");
    assert!(has(&rs, "russia", "armenia", "deployment") && signed(&rs, "deployment", 0), "{rs:?}");
}

#[test]
fn deployment_nominal_mission_of_the_union() {
    let rs = run("وقرر المجلس إرسال بعثة مراقبة للاتحاد الأوروبي إلى أرمينيا لمدة عامين.");
    assert!(has(&rs, "european_union", "armenia", "deployment"), "{rs:?}");
}

#[test]
fn deployment_nominal_mission_affiliated_to_the_union() {
    let rs = run("وتعمل بعثة مراقبة تابعة للاتحاد الأوروبي في أرمينيا.");
    assert!(has(&rs, "european_union", "armenia", "deployment") && signed(&rs, "deployment", 0), "{rs:?}");
}

// --- clashes, war

#[test]
fn clash_verb_first_nisba_forces() {
    let rs = run("اشتبكت قوات أذربيجانية مع قوات أرمينية على الحدود فجر اليوم.");
    assert!(hostile(&rs, "azerbaijan", "armenia", "dispute"), "{rs:?}");
}

#[test]
fn clash_subject_first() {
    let rs = run("وقالت الوزارة إن القوات الأذربيجانية اشتبكت مع القوات الأرمينية قرب قرية حدودية.");
    assert!(hostile(&rs, "azerbaijan", "armenia", "dispute"), "{rs:?}");
}

#[test]
fn confrontation_verb_first() {
    let rs = run("وتواجه أرمينيا أذربيجان في نزاع حدودي طويل.");
    assert!(hostile(&rs, "armenia", "azerbaijan", "dispute"), "{rs:?}");
}

#[test]
fn clash_nominal_between() {
    let rs = run("اندلعت اشتباكات عنيفة بين أرمينيا وأذربيجان على الحدود ليل الثلاثاء.");
    assert!(hostile(&rs, "armenia", "azerbaijan", "dispute"), "{rs:?}");
}

#[test]
fn war_nominal_between() {
    let rs = run("وأسفرت الحرب بين أرمينيا وأذربيجان عام 2020 عن آلاف القتلى.");
    assert!(hostile(&rs, "armenia", "azerbaijan", "dispute"), "{rs:?}");
}

// --- attacks

#[test]
fn attack_verb_first() {
    let rs = run("قصفت أذربيجان مواقع أرمينية في منطقة سيونيك بالمدفعية الثقيلة.");
    assert!(has(&rs, "azerbaijan", "armenia", "attack") && signed(&rs, "attack", -1), "{rs:?}");
}

#[test]
fn attack_subject_first() {
    let rs = run("وقالت يريفان إن أذربيجان قصفت مواقع أرمينية قرب بلدة جيرموك.");
    assert!(has(&rs, "azerbaijan", "armenia", "attack") && signed(&rs, "attack", -1), "{rs:?}");
}

#[test]
fn attack_nominal_nisba_agent() {
    let rs = run("وأدى قصف أذربيجاني لمواقع أرمينية إلى مقتل ثلاثة جنود.");
    assert!(has(&rs, "azerbaijan", "armenia", "attack") && signed(&rs, "attack", -1), "{rs:?}");
}

#[test]
fn attack_nominal_agent_on_target() {
    let rs = run("وجاء هجوم إيران على إسرائيل ردا على الغارة التي استهدفت قنصليتها.");
    assert!(has(&rs, "iran", "israel", "attack") && signed(&rs, "attack", -1), "{rs:?}");
}

#[test]
fn attack_launched_an_operation_against() {
    let rs = run("شنت أذربيجان عملية عسكرية ضد القوات الأرمينية في الإقليم.");
    assert!(has(&rs, "azerbaijan", "armenia", "attack"), "{rs:?}");
}

#[test]
fn attack_targeted() {
    let rs = run("استهدفت إسرائيل مواقع إيرانية في سوريا بصواريخ بعيدة المدى.");
    assert!(has(&rs, "israel", "iran", "attack"), "{rs:?}");
}

#[test]
fn attack_shot_down_a_drone() {
    let rs = run("أسقطت أرمينيا طائرة مسيرة أذربيجانية فوق أراضيها.");
    assert!(has(&rs, "armenia", "azerbaijan", "attack"), "{rs:?}");
}

// --- reciprocal

#[test]
fn reciprocal_exchange_of_accusations() {
    let rs = run("تبادلت أرمينيا وأذربيجان الاتهامات بانتهاك وقف إطلاق النار.");
    let hostile_edge = |s: &str, t: &str| {
        rs.iter().any(|r| r.0 == s && r.1 == t && (r.2 == "accusation" || r.2 == "dispute") && r.3 == -1)
    };
    assert!(hostile_edge("armenia", "azerbaijan") && hostile_edge("azerbaijan", "armenia"), "{rs:?}");
}

// --- support and alliance

#[test]
fn support_verb_first() {
    let rs = run("دعمت تركيا أذربيجان خلال الحرب الأخيرة بالطائرات المسيرة.");
    assert!(has(&rs, "turkey", "azerbaijan", "support") && signed(&rs, "support", 1), "{rs:?}");
}

#[test]
fn support_nominal() {
    let rs = run("وأثار دعم تركيا لأذربيجان قلق العواصم الغربية.");
    assert!(has(&rs, "turkey", "azerbaijan", "support"), "{rs:?}");
}

#[test]
fn support_nominal_nisba_agent() {
    let rs = run("وأكد ماكرون أن الدعم الروسي لأذربيجان بات واضحا.");
    assert!(has(&rs, "russia", "azerbaijan", "support") && signed(&rs, "support", 1), "{rs:?}");
}

#[test]
fn support_solidarity() {
    let rs = run("وأعلنت فرنسا تضامنها مع أرمينيا في مواجهة التهديدات.");
    assert!(has(&rs, "france", "armenia", "support"), "{rs:?}");
}

#[test]
fn support_solidarity_subject_first() {
    let rs = run("وقال الوزير إن روسيا تتضامن مع أرمينيا في هذه الظروف.");
    assert!(has(&rs, "russia", "armenia", "support"), "{rs:?}");
}

#[test]
fn support_standing_by() {
    let rs = run("وتقف إيران إلى جانب أرمينيا في رفض أي تغيير للحدود.");
    assert!(has(&rs, "iran", "armenia", "support"), "{rs:?}");
}

#[test]
fn support_standing_by_nominal() {
    let rs = run("وأكدت فرنسا وقوفها إلى جانب أرمينيا.");
    assert!(has(&rs, "france", "armenia", "support"), "{rs:?}");
}

#[test]
fn support_supplying_arms() {
    let rs = run("وزودت إسرائيل أذربيجان بالأسلحة المتطورة خلال السنوات الماضية.");
    assert!(has(&rs, "israel", "azerbaijan", "support"), "{rs:?}");
}

#[test]
fn support_supplying_arms_nominal() {
    let rs = run("وانتقدت أرمينيا تزويد إسرائيل أذربيجان بالأسلحة.");
    assert!(has(&rs, "israel", "azerbaijan", "support"), "{rs:?}");
    assert!(!rs.iter().any(|r| r.0 == "armenia" && r.3 > 0), "{rs:?}");
}

#[test]
fn alliance_ally_apposition() {
    let rs = run("وتعد روسيا، الحليف التقليدي لأرمينيا، الضامن لوقف إطلاق النار.");
    assert!(has(&rs, "russia", "armenia", "alliance") && signed(&rs, "alliance", 1), "{rs:?}");
}

#[test]
fn alliance_ally_predicate() {
    let rs = run("وتعتبر تركيا الحليف الأقرب لأذربيجان.");
    assert!(has(&rs, "turkey", "azerbaijan", "alliance"), "{rs:?}");
}

#[test]
fn alliance_strategic_partnership() {
    let rs = run("ووقعت تركيا وأذربيجان على شراكة استراتيجية في مجال الدفاع.");
    assert!(pair(&rs, "turkey", "azerbaijan", "alliance") && signed(&rs, "alliance", 1), "{rs:?}");
}

#[test]
fn alliance_joint_exercises() {
    let rs = run("وأجرت أرمينيا والولايات المتحدة مناورات مشتركة قرب يريفان.");
    assert!(pair(&rs, "armenia", "united_states", "alliance"), "{rs:?}");
}

// --- blockade

#[test]
fn blockade_verb_first() {
    let rs = run("حاصرت أذربيجان إقليم ناغورني قره باغ لأشهر قبل الهجوم.");
    assert!(rs.iter().any(|r| r.0 == "azerbaijan" && r.2 == "blockade" && r.3 == -1), "{rs:?}");
}

#[test]
fn blockade_closure_by_agent() {
    let rs = run("وأدى إغلاق ممر لاتشين من قبل أذربيجان إلى نقص حاد في الغذاء والدواء لدى الأرمن.");
    assert!(rs.iter().any(|r| r.0 == "azerbaijan" && r.2 == "blockade" && r.3 == -1), "{rs:?}");
}

#[test]
fn blockade_prevented_aid() {
    let rs = run("ومنعت أذربيجان دخول المساعدات الإنسانية إلى الأرمن في الإقليم.");
    assert!(has(&rs, "azerbaijan", "armenians", "blockade") && signed(&rs, "blockade", -1), "{rs:?}");
}

// --- roll-up

#[test]
fn rollup_minister_speaks_for_state() {
    let rs = run(
        "قال وزير الخارجية الأرمني إن أذربيجان قصفت مواقع أرمينية على الحدود. واتهم الوزير باكو بتقويض محادثات السلام.",
    );
    assert!(rs.contains(&("armenia".into(), "azerbaijan".into(), "accusation".into(), -1, true)), "{rs:?}");
}

#[test]
fn rollup_army_verb_first() {
    let rs = run("وقصف الجيش الأذربيجاني مواقع أرمينية خلال الليل.");
    assert!(rs.contains(&("azerbaijan".into(), "armenia".into(), "attack".into(), -1, true)), "{rs:?}");
    assert!(!rs.iter().any(|r| r.0.ends_with("armed_forces")), "the army stands for its state: {rs:?}");
}

#[test]
fn rollup_forces_subject_first() {
    let rs = run("وقالت الوزارة إن القوات الأذربيجانية قصفت مواقع أرمينية خلال الليل.");
    assert!(rs.contains(&("azerbaijan".into(), "armenia".into(), "attack".into(), -1, true)), "{rs:?}");
}

#[test]
fn rollup_ministry_reports_its_forces() {
    let rs = run("وأعلنت وزارة الدفاع الأرمينية أن قواتها أسقطت مسيرة أذربيجانية.");
    assert!(rs.contains(&("armenia".into(), "azerbaijan".into(), "attack".into(), -1, true)), "{rs:?}");
}

#[test]
fn rollup_the_two_countries_stand_for_the_last_pair() {
    let rs = run("التقى رئيسا أرمينيا وأذربيجان في براغ. وتصاعد التوتر بين البلدين بعد ذلك.");
    assert!(hostile(&rs, "armenia", "azerbaijan", "dispute"), "{rs:?}");
}

// --- claims

#[test]
fn claim_accusation() {
    let rs = run("اتهمت أرمينيا أذربيجان بخرق اتفاق وقف إطلاق النار.");
    assert!(has(&rs, "armenia", "azerbaijan", "accusation") && signed(&rs, "accusation", -1), "{rs:?}");
}

#[test]
fn claim_accusation_subject_first() {
    let rs = run("أرمينيا تتهم أذربيجان بزرع الألغام في المناطق الحدودية.");
    assert!(has(&rs, "armenia", "azerbaijan", "accusation") && signed(&rs, "accusation", -1), "{rs:?}");
    assert!(!has(&rs, "azerbaijan", "armenia", "accusation"), "{rs:?}");
}

#[test]
fn claim_condemnation_of_an_attack() {
    let rs = run("أدانت فرنسا الهجوم الأذربيجاني على الأراضي الأرمينية.");
    assert!(has(&rs, "france", "azerbaijan", "condemnation") && signed(&rs, "condemnation", -1), "{rs:?}");
    assert!(has(&rs, "azerbaijan", "armenia", "attack"), "{rs:?}");
}

#[test]
fn claim_condemnation_of_a_nisba_shelling() {
    let rs = run("ونددت تركيا بالقصف الأرميني لمدينة كنجة.");
    assert!(has(&rs, "turkey", "armenia", "condemnation"), "{rs:?}");
}

#[test]
fn claim_demand_to_both_sides_takes_no_side() {
    let rs = run("وطالبت روسيا أرمينيا وأذربيجان بالالتزام بوقف إطلاق النار.");
    assert!(mediates(&rs, "russia", "armenia", "azerbaijan"), "{rs:?}");
    assert!(!rs.iter().any(|r| r.0 == "russia" && r.3 != 0), "{rs:?}");
}

#[test]
fn claim_relation_inside_reported_speech() {
    let rs = run("وقال ماكرون إن أذربيجان قصفت مواقع أرمينية قرب الحدود.");
    assert!(has(&rs, "azerbaijan", "armenia", "attack"), "the reported attack is kept: {rs:?}");
    assert!(has(&rs, "france", "azerbaijan", "accusation"), "{rs:?}");
}

// --- negatives

#[test]
fn denied_attack_is_no_attack() {
    let rs = run("ونفت أنقرة أن تكون قد قصفت مواقع أرمينية.");
    assert!(!rs.iter().any(|r| r.2 == "attack"), "{rs:?}");
}

#[test]
fn a_mediator_is_not_a_side() {
    let rs = run("توسطت روسيا بين أرمينيا وأذربيجان.");
    assert!(!rs.iter().any(|r| r.1 == "russia"), "{rs:?}");
    assert!(!rs.iter().any(|r| r.0 == "russia" && r.3 != 0), "{rs:?}");
}

#[test]
fn a_ceasefire_alone_has_no_sides() {
    let rs = run("ودخل وقف إطلاق النار حيز التنفيذ منتصف الليل.");
    assert!(rs.is_empty(), "{rs:?}");
}

#[test]
fn a_statement_published_is_no_deployment() {
    let rs = run("ونشرت روسيا بيانا على موقع وزارة الخارجية بشأن أرمينيا.");
    assert!(!rs.iter().any(|r| r.2 == "deployment"), "{rs:?}");
}

#[test]
fn support_subject_first_in_reported_speech() {
    let rs = run("وقال المتحدث إن تركيا تدعم أذربيجان سياسيا وعسكريا.");
    assert!(has(&rs, "turkey", "azerbaijan", "support"), "{rs:?}");
    let rs = run("قال ماكرون إن روسيا تساند أرمينيا في هذا الصراع.");
    assert!(has(&rs, "russia", "armenia", "support"), "{rs:?}");
}

#[test]
fn a_negated_act_is_no_act() {
    let rs = run("ولم تقصف أذربيجان مواقع أرمينية، بحسب المتحدث.");
    assert!(!rs.iter().any(|r| r.2 == "attack"), "{rs:?}");
    let rs = run("وقالت أنقرة إنها لن تدعم أي طرف في النزاع.");
    assert!(!rs.iter().any(|r| r.2 == "support"), "{rs:?}");
}

#[test]
fn efforts_in_the_accusative_mediate() {
    let rs = run("وتبذل فرنسا جهودا للتهدئة بين أرمينيا وأذربيجان.");
    assert!(has(&rs, "france", "armenia", "mediation") && has(&rs, "france", "azerbaijan", "mediation"), "{rs:?}");
}

// --- who is not a side

#[test]
fn an_adjective_of_a_place_names_no_accused() {
    let rs = run("وقال وزير الخارجية المصري إن أي تقدم نحو مدينة سرت الليبية خط أحمر لمصر.");
    assert!(!rs.iter().any(|r| r.0 == "libya" || r.1 == "libya"), "{rs:?}");
}

#[test]
fn an_accused_the_lexicons_do_not_know_leaves_the_act_unattributed() {
    let rs = run("واتهمت موسكو الفصائل المسلحة بشن هجوم على الجيش السوري.");
    assert!(!pair(&rs, "russia", "syria", "attack"), "the speaker did not attack: {rs:?}");
}

#[test]
fn a_denial_answers_the_accusation_just_made() {
    let rs = run("واتهمت إيران الولايات المتحدة بدعم الضربات على أراضيها. ونفت واشنطن ذلك خلال جلسة لمجلس الأمن.");
    assert!(has(&rs, "united_states", "iran", "dispute"), "{rs:?}");
    assert!(!rs.iter().any(|r| r.1 == "un_security_council"), "the session is no side: {rs:?}");
}

#[test]
fn an_international_body_calling_on_both_mediates_with_neither_a_state_does() {
    let rs = run("ودعت الأمم المتحدة أرمينيا وأذربيجان إلى ضبط النفس.");
    assert!(!rs.iter().any(|r| r.2 == "mediation"), "{rs:?}");
    assert!(hostile(&rs, "armenia", "azerbaijan", "dispute"), "the two called on are at odds: {rs:?}");
    let rs = run("ودعت فرنسا أرمينيا وأذربيجان إلى ضبط النفس.");
    assert!(mediates(&rs, "france", "armenia", "azerbaijan"), "{rs:?}");
}

#[test]
fn bodies_asked_to_act_are_no_sides() {
    let rs = run("ودعا وزير الخارجية السوري الأمم المتحدة والجامعة العربية إلى وقف الانتهاكات الإسرائيلية.");
    assert!(!pair(&rs, "united_nations", "arab_league", "dispute"), "{rs:?}");
    assert!(!rs.iter().any(|r| r.2 == "mediation"), "{rs:?}");
}

#[test]
fn a_denied_act_in_the_denials_object_is_no_act() {
    let rs = run("ونفت وزارة الدفاع الأذربيجانية إسقاط طائرة أرمنية فوق الإقليم.");
    assert!(!rs.iter().any(|r| r.2 == "attack"), "{rs:?}");
}

#[test]
fn a_border_between_two_is_no_host() {
    let rs = run("ونشر الاتحاد الأوروبي بعثة مراقبة عند الحدود الأرمينية-الأذربيجانية.");
    assert!(!rs.iter().any(|r| r.2 == "deployment"), "{rs:?}");
}

#[test]
fn a_name_past_the_object_of_on_is_no_target() {
    let rs = run("وأطلقت جماعة الحوثي صواريخ على سفينة شحن ترفع علم بنما.");
    assert!(!rs.iter().any(|r| r.1 == "panama"), "{rs:?}");
    let rs = run("وشنت الولايات المتحدة ضربات على أهداف للحوثيين في اليمن.");
    assert!(has(&rs, "united_states", "houthis", "attack"), "{rs:?}");
}

#[test]
fn a_spokesman_and_his_movement_are_one_side() {
    let rs = run("وقال المتحدث العسكري باسم الحوثيين يحيى سريع إن الحوثيين سيصعدون هجماتهم.");
    assert!(!rs.iter().any(|r| r.0 == "yahya_saree" || r.1 == "yahya_saree"), "{rs:?}");
}

#[test]
fn a_nisba_agent_relates_only_to_a_target_in_its_clause() {
    let rs = run("واتهمت إيران الولايات المتحدة بالتواطؤ في الضربات الإسرائيلية، وهو ما نفته واشنطن.");
    assert!(!pair(&rs, "israel", "united_states", "attack"), "{rs:?}");
    assert!(has(&rs, "united_states", "israel", "alliance"), "{rs:?}");
}

#[test]
fn those_who_welcome_a_mediation_are_not_its_parties() {
    let rs = run("وأعلنت الإمارات والسعودية تأييدهما للجهود المصرية للحل في ليبيا.");
    assert!(has(&rs, "saudi_arabia", "egypt", "support"), "{rs:?}");
    assert!(!rs.iter().any(|r| r.2 == "mediation"), "{rs:?}");
}

#[test]
fn a_mediator_as_a_title_mediates_nothing() {
    let rs = run("وقال الرئيس إن أرتاك بلغاريان، الوسيط السابق لحقوق الإنسان، غادر الإقليم.");
    assert!(rs.is_empty(), "{rs:?}");
}

#[test]
fn solidarity_with_is_not_escalation_against() {
    let rs = run("وأعلن الحوثيون تصعيد عملياتهم تضامنا مع الفلسطينيين ردا على الحرب.");
    assert!(has(&rs, "houthis", "palestinians", "support"), "{rs:?}");
    assert!(!rs.iter().any(|r| r.3 < 0 && r.1 == "palestinians"), "{rs:?}");
}

#[test]
fn rival_governments_of_a_divided_state_act_for_themselves() {
    let rs = run("وتوسطت تركيا بين حكومة الوفاق الوطني والجيش الوطني الليبي.");
    assert!(mediates(&rs, "turkey", "government_of_national_accord", "libyan_national_army"), "{rs:?}");
}
