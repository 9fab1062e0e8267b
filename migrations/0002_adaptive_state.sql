-- The adaptive state beside the attempts: one staircase per ladder (a skill,
-- or a skill's extreme-band region), the threshold as it moved, and when each
-- skill is due for review. Staircases missing here are rebuilt from the
-- attempts when the store opens, so this migration keeps every learner's
-- progress.

ALTER TABLE attempts ADD COLUMN ladder TEXT NOT NULL DEFAULT '';
UPDATE attempts SET ladder = skill;

CREATE TABLE skill_state (
    learner_id  INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
    ladder      TEXT    NOT NULL,   -- "eq-boost", "eq-boost@low", …
    skill       TEXT    NOT NULL,
    staircase   TEXT    NOT NULL,   -- JSON of quiz::Staircase
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (learner_id, ladder)
);

CREATE TABLE threshold_history (
    id          INTEGER PRIMARY KEY,
    learner_id  INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
    ladder      TEXT    NOT NULL,
    skill       TEXT    NOT NULL,
    threshold   REAL    NOT NULL,
    trials      INTEGER NOT NULL,
    measured_at INTEGER NOT NULL
);

CREATE INDEX threshold_history_by_ladder ON threshold_history(learner_id, ladder, measured_at);

CREATE TABLE review_schedule (
    learner_id     INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
    skill          TEXT    NOT NULL,
    interval_days  REAL    NOT NULL,
    due_at         INTEGER NOT NULL,
    last_material  TEXT    NOT NULL,
    last_practised INTEGER NOT NULL,
    PRIMARY KEY (learner_id, skill)
);

-- Every skill already practised comes back for review a day after it was
-- last practised, on other material than last time.
INSERT INTO review_schedule (learner_id, skill, interval_days, due_at, last_material, last_practised)
SELECT a.learner_id, a.skill, 1.0, a.answered_at + 86400000, a.material, a.answered_at
FROM attempts a
WHERE a.id = (SELECT b.id FROM attempts b
              WHERE b.learner_id = a.learner_id AND b.skill = a.skill
              ORDER BY b.answered_at DESC, b.id DESC LIMIT 1);
