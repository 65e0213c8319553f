"""The athlete's sentences as their physiotherapist reads them: about the patient, in clinical words.

Keyed by the athlete's English template (the catalogue's msgid, as an alert stores it), each with the
same %(figures)s, so that one stored alert or summary line is said for its reader: the athlete reads
what to do, the physiotherapist what was found and what the patient was told. A template not in here
reads the same to both.
"""
from webapp.core.codes import RED_FLAG_ADVICE, RED_FLAGS
from webapp.core.wording import N_


def counted(singular: str, plural: str) -> tuple[str, str]:
    """A singular and plural pair, marked for the catalogue as one plural message (-k counted:1,2)."""
    return singular, plural


# What each alert rule says (webapp.core.rules.checks), and the red-flag advice.
ALERT_WORDS = {
    RED_FLAG_ADVICE["emergency"]: N_(
        "Emergency red flag: possible compression of the spinal nerves (cauda equina, cord) or a serious injury, which "
        "needs emergency medical care. The patient was told to seek emergency care now, without waiting: contact them "
        "at once and make sure they are being assessed."),
    RED_FLAG_ADVICE["now"]: N_(
        "Red flag: needs medical assessment now, on any day of the episode, not later in the day. The patient was told "
        "to see a doctor now, or an urgent care or out-of-hours service: check that they have been seen."),
    "Sharp pain is a stop signal, not normal soreness: stop training the movement that hurts and have a physiotherapist "
    "or doctor check it before you load it again.": N_(
        "Sharp pain: a stop signal, not DOMS. Suspected tissue injury: assess before the painful movement is loaded "
        "again (the patient was told to stop training it)."),
    "This looks more like a strain than normal soreness: stop the movement that hurts and do not train through it. If it "
    "stays or gets worse, see a physiotherapist.": N_(
        "Two or more injury signs (see the evidence): more consistent with a strain than DOMS. The patient was told not "
        "to train through the painful movement; assess if it persists or worsens."),
    "Pain of %(worst)s/10 is severe. Soreness after training is mild to moderate; severe pain is not: stop training and "
    "have a physiotherapist or doctor check it soon.": N_(
        "Severe pain, %(worst)s/10 on the NRS: beyond the mild-to-moderate range of DOMS. Assess soon; the patient was "
        "told to stop training."),
    "Pain is still there more than %(hours)s h after training (%(pain)s/10 on day %(day)s), longer than normal soreness "
    "usually lasts. Keep logging; if it is not clearly easing within a few days, see a physiotherapist.": N_(
        "Pain beyond the %(hours)s h DOMS window (%(pain)s/10 on day %(day)s), longer than DOMS usually lasts. Monitor; "
        "consider assessment if it is not clearly settling within a few days."),
    "Pain has lasted more than %(days)s days (%(pain)s/10 on day %(day)s). Soreness from training is gone by then, so "
    "this is more likely an injury: book a visit with a physiotherapist or doctor.": N_(
        "Pain persisting beyond %(days)s days (%(pain)s/10 on day %(day)s), past the usual course of DOMS: likely "
        "injury; assessment indicated."),
    "Pain is still %(pain)s/10 on day %(day)s and has not clearly improved on %(baseline)s/10 on day %(baseline_day)s. "
    "Pain that does not improve after a week or more of rest and self-care should be checked by a clinician.": N_(
        "No clear improvement: %(pain)s/10 on day %(day)s against %(baseline)s/10 on day %(baseline_day)s. Pain not "
        "improving after a week or more of rest and conservative care warrants clinical evaluation."),
    "Pain is getting worse instead of easing: %(pain)s/10 now, from %(baseline)s/10 on day %(baseline_day)s. Soreness "
    "peaks at 24-48 h and then fades; pain that grows is a sign of injury: stop training it and see a physiotherapist.": N_(
        "Pain rising instead of settling: %(pain)s/10 now from %(baseline)s/10 on day %(baseline_day)s, outside the "
        "normal DOMS course (peak at 24-48 h, then settling); consider assessment for strain or injury."),
    "This pain has come back after an earlier episode ended, and again lasts more than %(days)s days. Pain that returns "
    "like this should be checked by a doctor or physiotherapist, and so should the exercise that brings it on.": N_(
        "Recurrent pain: it returned after an earlier episode ended and again lasts more than %(days)s days. Periodic "
        "pain warrants assessment, including the exercise that provokes it."),
    "Bed rest with pain of %(pain)s/10. Moderate pain does not need bed rest, and lying still can make back pain last "
    "longer: stay up and walk gently, as far as the pain allows. Only intense pain may need 1-3 days in bed at the "
    "most.": N_(
        "Bed rest logged with %(pain)s/10 pain: not indicated for moderate pain, and immobility can prolong back pain. "
        "The patient was advised to stay up and walk within pain limits; 1-3 days in bed at most, for intense pain only."),
    "Bed rest on about %(days)s days. More than %(limit)s days in bed can turn short-term back pain into long-term pain: "
    "get up and walk gently, as far as the pain allows.": N_(
        "Bed rest on about %(days)s days, beyond the %(limit)s-day maximum: risk of recent back pain becoming chronic. "
        "Encourage graded activity (walking within pain limits)."),
    "Heat was used in the first %(hours)s h of the pain. Use cold (ice or a cold pack) for now; heat helps stiffness "
    "later, but early on it can make swelling and pain worse.": N_(
        "Heat used in the first %(hours)s h of the pain: cold is advised in the acute phase, as early heat can increase "
        "swelling and pain. The patient was advised to use cold for now."),
}

# The red flags as the athlete was asked them ("You cannot pass urine"), as findings about the patient; the
# questions already said in the third person read the same.
RED_FLAG_WORDS = {
    "reported '%(question)s'": N_("reported: %(question)s"),
    RED_FLAGS["saddle_numbness"].question: N_(
        "Saddle anaesthesia (loss of sensation around the groin, buttocks or inner thighs)"),
    RED_FLAGS["bladder_bowel_change"].question: N_("New bladder or bowel dysfunction (loss of control)"),
    RED_FLAGS["unable_to_urinate"].question: N_("Urinary retention (unable to pass urine)"),
    RED_FLAGS["unexplained_weight_loss"].question: N_("Unexplained weight loss"),
    RED_FLAGS["cancer_history"].question: N_("History of cancer"),
    RED_FLAGS["night_or_rest_pain"].question: N_("Pain not eased by lying down, or night pain that wakes the patient"),
    RED_FLAGS["loss_of_consciousness"].question: N_("Loss of consciousness (for example in a fall or landing)"),
    RED_FLAGS["unable_self_care"].question: N_("Can no longer self-care"),
}

# The history's observations and comparisons (webapp.core.history_summary), said about the patient.
_COUNTED = {
    ("%(count)s of your %(n)s episode %(what)s.", "%(count)s of your %(n)s episodes %(what)s."): counted(
        "%(count)s of the patient's %(n)s episode %(what)s.", "%(count)s of the patient's %(n)s episodes %(what)s."),
    ("What you logged doing for it: %(listed)s of %(n)s episode.", "What you logged doing for it: %(listed)s of %(n)s episodes."): counted(
        "Self-care logged: %(listed)s of %(n)s episode.", "Self-care logged: %(listed)s of %(n)s episodes."),
}
HISTORY_WORDS = {
    "began after a session you rated %(rpe)s or more out of 10 for effort": N_(
        "began after a session rated %(rpe)s or more out of 10 for effort (RPE)"),
    "began after an exercise that was new to you": N_("began after an exercise new to the patient"),
    "your last episode of the same region lasted %(days)s day": N_("the patient's last episode of the same region lasted %(days)s day"),
    "your last episode of the same region lasted %(days)s days": N_("the patient's last episode of the same region lasted %(days)s days"),
    "your last %(count)s episodes of the same region lasted %(days)s days": N_(
        "the patient's last %(count)s episodes of the same region lasted %(days)s days"),
    **{athlete: clinical for pair, pairs in _COUNTED.items() for athlete, clinical in zip(pair, pairs, strict=True)},
}

CLINICIAN_WORDS: dict[str, str] = {**ALERT_WORDS, **RED_FLAG_WORDS, **HISTORY_WORDS}
