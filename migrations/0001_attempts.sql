-- Learners, practice sessions and every answered question.
-- Times are Unix milliseconds (UTC).

CREATE TABLE learners (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL
);

-- One sitting: from the first question to the last answer.
CREATE TABLE practice_sessions (
    id          INTEGER PRIMARY KEY,
    learner_id  INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
    started_at  INTEGER NOT NULL,
    ended_at    INTEGER NOT NULL
);

CREATE TABLE attempts (
    id            INTEGER PRIMARY KEY,
    session_id    INTEGER NOT NULL REFERENCES practice_sessions(id) ON DELETE CASCADE,
    learner_id    INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
    lesson        TEXT    NOT NULL,
    drill         INTEGER NOT NULL,   -- index of the drill in the lesson
    kind          TEXT    NOT NULL,   -- which_band, how_much, …
    skill         TEXT    NOT NULL,
    level         REAL    NOT NULL,   -- magnitude asked, in the skill's unit
    seed          INTEGER NOT NULL,
    material      TEXT    NOT NULL,   -- session name or "pink-noise"
    change_json   TEXT    NOT NULL,   -- the hidden change, as in exercise.json
    expected      TEXT    NOT NULL,   -- the right answer's label
    answer        TEXT    NOT NULL,   -- the learner's answer's label
    expected_key  TEXT,               -- band or stem, for confusion matrices
    answer_key    TEXT,
    correct       INTEGER NOT NULL,   -- 0 or 1
    score         REAL    NOT NULL,   -- 0 … 1 with partial credit
    response_ms   INTEGER NOT NULL,
    answered_at   INTEGER NOT NULL
);

CREATE INDEX attempts_by_learner_skill ON attempts(learner_id, skill, answered_at);
CREATE INDEX attempts_by_learner_time ON attempts(learner_id, answered_at);
