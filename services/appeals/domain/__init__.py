"""The appeals domain (pure: no database, broker, HTTP or settings), following the Law "On appeals of
individuals and legal entities" (ZRU-445).

- `categories`   kinds of appeal and the configurable category catalogue
- `deadlines`    Tashkent calendar, registration day, review deadlines, the one extension, timers
- `states`       states, actions and the transition table
- `aggregate`, `closure`, `lifecycle`   the `Appeal` aggregate (data and guards; endings; the rest)
- `records`      value objects: actors, photos, points, answers, ratings, thread, timeline
- `events`       the domain events the aggregates record in their outbox
- `tips`         anonymous tips, outside appeals and their statistics
- `routing`      who handles an appeal, and who never may
- `duplicates`   merging a repeated submission into the open appeal
- `transliteration`  Uzbek Latin ↔ Cyrillic, and the search key matching both
- `numbering`    human-readable numbers such as TAS-2026-004213
- `statistics`   figures by territory and period, the quarterly report (Art. 35)
- `documents`    an appeal or a tip as one stored document
- `open311`      the Open311 GeoReport v2 facade as pure mapping
- `state_bodies` the directory of state bodies (the "Appeal to state bodies" menu, forwarding targets)
- `territory`    `territory.*` facts folded into the `TerritoryView` routing reads
- `errors`       the service's error root and every reason it says no
"""
