//! The desktop game's logic without a window: the UI's commands reach the
//! simulation, previews leave it untouched, hot reload keeps the last good
//! level, and the game ends with a report state.

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use bevy::prelude::*;
use free_association::game::session::{self, Command, Preview, Session};
use free_association::level::schema::{ActionFile, OrderFile};
use free_association::sim::outcome::GameState;
use free_association::sim::world::{BorderPolicy, Tier};

use crate::root;

fn open(name: &str) -> Session {
    Session::open(&root().join("levels").join(name)).unwrap_or_else(|e| panic!("{e}"))
}

fn order(polity: &str, action: ActionFile) -> OrderFile {
    OrderFile {
        turn: 0,
        polity: polity.into(),
        action,
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fa-game-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}

#[test]
fn orders_sent_by_the_ui_reach_the_simulation() {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins);
    app.add_plugins(session::plugin);
    app.insert_resource(open("sysescentstan.ron"));
    app.world_mut().write_message(Command::Give(order(
        "beingstonia_state",
        ActionFile::SetBorders {
            exit: BorderPolicy::Open,
            entry: BorderPolicy::Open,
        },
    )));
    app.world_mut().write_message(Command::EndTurn);
    // The turn is played in the background: frames go on until it is in.
    app.update();
    for _ in 0..2000 {
        if !app.world().resource::<Session>().thinking() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
        app.update();
    }
    let session = app.world().resource::<Session>();
    assert_eq!(session.turn(), 1);
    let player = session.player().unwrap_or_else(|| panic!("no player"));
    assert_eq!(player.borders.exit, BorderPolicy::Open);
    assert_eq!(session.replay.len(), 1, "the order is in the replay log");
}

#[test]
fn a_withdrawn_order_is_not_played() {
    let borders = ActionFile::SetBorders {
        exit: BorderPolicy::Open,
        entry: BorderPolicy::Open,
    };
    let charter = ActionFile::CharterCommunes { autonomy: 0.3 };
    // Both given, the borders withdrawn: as if only the charter was given.
    let mut withdrawn = open("sysescentstan.ron");
    withdrawn.give(order("beingstonia_state", borders.clone()));
    withdrawn.give(order("beingstonia_state", charter.clone()));
    let given = withdrawn.pending();
    assert_eq!(given.len(), 2);
    withdrawn.withdraw(&given[0]);
    assert_eq!(withdrawn.pending(), [given[1].clone()]);
    assert_eq!(withdrawn.replay, [given[1].clone()]);
    let mut only = open("sysescentstan.ron");
    only.give(order("beingstonia_state", charter));
    for session in [&mut withdrawn, &mut only] {
        session.sim.step();
    }
    let player = withdrawn.player().unwrap_or_else(|| panic!("no player"));
    assert_eq!(player.borders.exit, BorderPolicy::Closed, "withdrawn");
    assert!(player.commune_charter > 0.0, "the other order stands");
    assert_eq!(withdrawn.sim.state_hash(), only.sim.state_hash());
}

#[test]
fn a_turn_is_played_in_the_background_while_the_window_goes_on() {
    // Two End Turns asked for at once, as the UI sends them.
    let mut session = open("sysescentstan.ron");
    let devolve = order(
        "beingstonia_state",
        ActionFile::Devolve {
            from: Tier::Ruler,
            to: Tier::Municipal,
            amount: 0.2,
        },
    );
    session.give(devolve.clone());
    session.request_turn();
    session.request_turn();
    assert!(session.thinking());
    // A frame starts the first turn and returns at once: the window keeps
    // drawing the state it had, and nothing in it changed.
    let shown = session.sim.state_hash();
    assert!(!session.poll_turn());
    assert_eq!(session.turn(), 0, "the frame did not wait for the turn");
    assert_eq!(session.sim.state_hash(), shown);
    // Orders wait until the turn is done.
    session.give(devolve.clone());
    assert_eq!(
        session.pending().len(),
        1,
        "an order given mid-turn is refused with a note, not lost in a copy"
    );
    // Frames go on until both turns are in.
    let mut frames = 0;
    while session.thinking() && frames < 5000 {
        session.poll_turn();
        std::thread::sleep(Duration::from_millis(2));
        frames += 1;
    }
    assert!(frames > 1, "the turns took more than one frame");
    assert_eq!(session.turn(), 2);
    // The same as playing the two turns here and now.
    let mut direct = open("sysescentstan.ron");
    direct.give(devolve);
    direct.end_turn();
    direct.end_turn();
    assert_eq!(session.sim.state_hash(), direct.sim.state_hash());
}

#[test]
fn a_preview_does_not_change_the_real_state() {
    let mut session = open("sysescentstan.ron");
    let before = session.sim.state_hash();
    let devolve = order(
        "beingstonia_state",
        ActionFile::Devolve {
            from: Tier::Ruler,
            to: Tier::Municipal,
            amount: 0.3,
        },
    );
    let preview = session.preview(&devolve);
    match preview {
        Preview::Applied {
            outlooks,
            why_nothing,
        } => {
            assert_eq!(outlooks.iter().map(|o| o.turns).collect::<Vec<_>>(), [1, 5]);
            assert!(outlooks[0].score > 0.0, "devolving raises the player's S");
            assert!(outlooks[0].domination < 0.0, "by lowering domination");
            assert!(outlooks[1].legacy > 0.0, "and, in five turns, the legacy");
            assert_eq!(why_nothing, None);
        }
        Preview::Refused(why) => panic!("refused: {why}"),
    }
    assert_eq!(session.sim.state_hash(), before);
    assert_eq!(session.turn(), 0);
    assert!(session.pending().is_empty());
    let too_much = order(
        "beingstonia_state",
        ActionFile::Devolve {
            from: Tier::Ruler,
            to: Tier::Municipal,
            amount: 0.9,
        },
    );
    assert!(
        matches!(session.preview(&too_much), Preview::Refused(why) if why.contains("political capital"))
    );
    assert_eq!(session.sim.state_hash(), before);
}

fn touch(path: &std::path::Path, seconds: u64) {
    let file = std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap_or_else(|e| panic!("{e}"));
    file.set_modified(SystemTime::now() + Duration::from_secs(seconds))
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn hot_reload_keeps_the_last_good_level_on_error() {
    let dir = scratch("reload");
    let file = dir.join("level.ron");
    let text = std::fs::read_to_string(root().join("levels/tutorial.ron")).unwrap_or_default();
    std::fs::write(&file, &text).unwrap_or_else(|e| panic!("{e}"));
    let mut session = Session::open(&file).unwrap_or_else(|e| panic!("{e}"));
    session.end_turn();
    session.end_turn();
    assert!(!session.reload_if_changed(), "nothing changed yet");

    std::fs::write(&file, text.replace("capacity: 300", "capacty: 300"))
        .unwrap_or_else(|e| panic!("{e}"));
    touch(&file, 5);
    assert!(!session.reload_if_changed());
    assert_eq!(session.turn(), 2, "the last good level keeps running");
    assert!(
        session
            .reload_errors
            .iter()
            .any(|e| e.contains("did you mean `capacity`")),
        "{:?}",
        session.reload_errors
    );

    std::fs::write(
        &file,
        text.replace("Tutorial: the three freedoms", "Tutorial, edited"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    touch(&file, 10);
    assert!(session.reload_if_changed());
    assert_eq!(session.turn(), 0);
    assert_eq!(session.sim.scenario().name, "Tutorial, edited");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_game_ends_in_victory_or_defeat() {
    let mut won = open("tutorial.ron");
    for (turn, action) in crate::tutorial_win() {
        while won.turn() + 1 < turn && won.state() == GameState::Playing {
            won.end_turn();
        }
        won.give(order("homeland", action));
    }
    while won.state() == GameState::Playing && won.turn() < 30 {
        won.end_turn();
    }
    assert!(matches!(won.state(), GameState::Victory { .. }));
    assert!(won.log.iter().any(|l| l.text.starts_with("Victory")));
    // After a victory the world goes on, and the victory is logged once.
    let turn = won.turn();
    won.end_turn();
    assert_eq!(won.turn(), turn + 1);
    assert_eq!(
        won.log
            .iter()
            .filter(|l| l.text.starts_with("Victory"))
            .count(),
        1
    );

    // Doing nothing loses: the people overthrow you before the deadline.
    let mut lost = open("tutorial.ron");
    while lost.state() == GameState::Playing && lost.turn() < 30 {
        lost.end_turn();
    }
    assert!(matches!(lost.state(), GameState::Defeat { .. }));
    let end = lost.turn();
    lost.end_turn();
    assert_eq!(lost.turn(), end, "no turns after the end");
}

#[test]
fn saves_from_the_game_load_back() {
    let dir = scratch("save");
    let file = dir.join("slot.ron");
    let mut session = open("sysescentstan.ron");
    session.end_turn();
    session.save(&file).unwrap_or_else(|e| panic!("{e}"));
    let saved = session.sim.state_hash();
    session.end_turn();
    session.end_turn();
    session.load(&file).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(session.turn(), 1);
    assert_eq!(session.sim.state_hash(), saved);
    assert!(session.load(&dir.join("missing.ron")).is_err());
    assert_eq!(session.turn(), 1, "a failed load keeps the game");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_save_made_with_other_mods_waits_to_be_loaded_anyway_by_its_rules() {
    use free_association::modding::ModChoice;
    let dir = scratch("other-mods");
    let file = dir.join("modded.ron");
    let level = root().join("levels/tutorial.ron");
    // A copy of the example mod of its own id, to change it.
    let mods = dir.join("mods");
    let copy = mods.join("example_copy");
    crate::mods::copy(&root().join("mods/example"), &copy);
    let manifest = std::fs::read_to_string(copy.join("mod.ron")).unwrap_or_default();
    std::fs::write(
        copy.join("mod.ron"),
        manifest.replace("\"example\"", "\"example_copy\""),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let choice = ModChoice {
        ids: vec!["example_copy".into()],
        dirs: vec![mods.clone()],
    };
    let modded = choice.ruleset().unwrap_or_else(|e| panic!("{e}"));
    let mut with_mod = Session::open_with(&level, modded.clone()).unwrap_or_else(|e| panic!("{e}"));
    with_mod.end_turn();
    with_mod.save(&file).unwrap_or_else(|e| panic!("{e}"));
    let saved = with_mod.sim.state_hash();
    // The mod changes a constant: a game with it as it is now holds the
    // save pending instead of loading it.
    let patch = copy.join("rules/freedom_matters_more.ron");
    let text = std::fs::read_to_string(&patch).unwrap_or_default();
    let edited = text.replace("\"citizens.w_free\": 0.75", "\"citizens.w_free\": 0.5");
    assert_ne!(edited, text);
    std::fs::write(&patch, edited).unwrap_or_else(|e| panic!("{e}"));
    let changed = choice.ruleset().unwrap_or_else(|e| panic!("{e}"));
    assert_ne!(changed.rules, modded.rules);
    let mut later = Session::open_with(&level, changed).unwrap_or_else(|e| panic!("{e}"));
    let refused = later.load(&file).err().unwrap_or_default();
    assert!(
        refused.contains("has changed since the save was made"),
        "{refused}"
    );
    assert_eq!(later.turn(), 0, "nothing loaded yet");
    let pending = later
        .pending_load
        .clone()
        .unwrap_or_else(|| panic!("no pending load"));
    // Loaded anyway, it plays on by the save's rules, as the first game.
    later
        .load_anyway(&pending.path)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(later.pending_load.is_none());
    assert_eq!(later.sim.state_hash(), saved);
    assert_eq!(later.ruleset.rules, modded.rules);
    with_mod.end_turn();
    later.end_turn();
    assert_eq!(later.sim.state_hash(), with_mod.sim.state_hash());
    // Without the mod, what it adds to the level is missing: said so.
    let mut plain = Session::open(&level).unwrap_or_else(|e| panic!("{e}"));
    assert!(plain.load(&file).is_err() && plain.pending_load.is_some());
    let why = plain.load_anyway(&file).err().unwrap_or_default();
    assert!(why.contains("load it with them"), "{why}");
    assert_eq!(plain.turn(), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The least difference of colour between two polities that share a
/// border (squared distance in RGB).
fn closest_neighbours(
    colours: &[[f32; 3]],
    borders: &std::collections::BTreeSet<(usize, usize)>,
) -> f32 {
    borders
        .iter()
        .map(|&(a, b)| {
            (0..3)
                .map(|k| (colours[a][k] - colours[b][k]).powi(2))
                .sum::<f32>()
        })
        .fold(f32::MAX, f32::min)
}

#[test]
fn neighbouring_polities_are_told_apart_on_the_map() {
    use free_association::game::map::palette::{FAR, assign, polity_borders};
    use free_association::game::settings::ColourScheme;
    for entry in std::fs::read_dir(root().join("levels")).unwrap_or_else(|e| panic!("{e}")) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        if path.extension().is_none_or(|e| e != "ron") {
            continue;
        }
        let session = Session::open(&path).unwrap_or_else(|e| panic!("{e}"));
        let name = path.display();
        let polities = session.sim.polities();
        let borders = polity_borders(&session.sim);
        assert!(!borders.is_empty(), "{name}: no two polities meet");
        let level = assign(&polities, &borders, ColourScheme::Level, &[]);
        let authors: Vec<[f32; 3]> = polities.iter().map(|p| p.color).collect();
        assert_eq!(
            level, authors,
            "{name}: the level's scheme keeps its colours"
        );
        for scheme in [ColourScheme::Distinct, ColourScheme::ColourBlind] {
            let colours = assign(&polities, &borders, scheme, &[]);
            assert_eq!(colours.len(), polities.len());
            // Neighbours are told apart at a glance (the level's own
            // colours of city_states are 0.01 apart).
            assert!(
                closest_neighbours(&colours, &borders) >= FAR,
                "{name}, {scheme:?}: two neighbours' colours are too alike"
            );
            // A polity founded later gets a colour; the others keep theirs.
            let kept = assign(&polities, &borders, scheme, &colours[..colours.len() - 1]);
            assert_eq!(kept, colours, "{name}, {scheme:?}");
        }
    }
}

#[test]
fn a_preview_that_changes_nothing_says_why() {
    // Beingstonia's neighbours all keep their entry closed at the start:
    // opening its exit frees no one, and the preview says so.
    let mut session = open("sysescentstan.ron");
    let open_exit = order(
        "beingstonia_state",
        ActionFile::SetBorders {
            exit: BorderPolicy::Open,
            entry: BorderPolicy::Closed,
        },
    );
    match session.preview(&open_exit) {
        Preview::Applied {
            outlooks,
            why_nothing: Some(why),
        } => {
            assert!(outlooks.iter().all(|o| o.is_nothing()), "{outlooks:?}");
            assert!(why.contains("admits newcomers"), "{why}");
        }
        other => panic!("expected no change and a reason, got {other:?}"),
    }
    // In the tutorial, a neighbour admits the Homeland's people: the same
    // order moves the score at once, and nothing needs explaining.
    let mut tutorial = open("tutorial.ron");
    let key = tutorial.player().map(|p| p.key.clone()).unwrap_or_default();
    let open_exit = order(
        &key,
        ActionFile::SetBorders {
            exit: BorderPolicy::Open,
            entry: BorderPolicy::Closed,
        },
    );
    match tutorial.preview(&open_exit) {
        Preview::Applied {
            outlooks,
            why_nothing: None,
        } => {
            assert!(outlooks[0].voluntariness > 0.0, "{outlooks:?}");
            assert!(outlooks[0].domination < 0.0, "{outlooks:?}");
        }
        other => panic!("expected a change, got {other:?}"),
    }
}

#[test]
fn what_moved_names_the_order_and_where_people_went() {
    use free_association::game::ui::causes;
    let play = |orders: Vec<ActionFile>| {
        let mut session = open("tutorial.ron");
        let (key, id) = session
            .player()
            .map(|p| (p.key.clone(), p.id))
            .unwrap_or_else(|| panic!("the tutorial has a player"));
        session
            .sim
            .queue(orders.into_iter().map(|action| OrderFile {
                turn: 1,
                polity: key.clone(),
                action,
            }));
        session.sim.step();
        causes::this_turn(&session.sim, id)
    };
    let reformed = play(vec![
        ActionFile::Devolve {
            from: Tier::Ruler,
            to: Tier::Municipal,
            amount: 0.1,
        },
        ActionFile::SetBorders {
            exit: BorderPolicy::Open,
            entry: BorderPolicy::Closed,
        },
    ]);
    assert!(
        reformed.iter().any(|c| c.contains("devolved")),
        "{reformed:?}"
    );
    assert!(
        reformed.iter().any(|c| c.contains("left for")),
        "{reformed:?}"
    );
    // The same turn without the orders: people are stopped, none left.
    let idle = play(Vec::new());
    assert!(!idle.iter().any(|c| c.contains("devolved")), "{idle:?}");
    assert!(!idle.iter().any(|c| c.contains("left for")), "{idle:?}");
    assert!(
        idle.iter().any(|c| c.contains("stopped at a border")),
        "{idle:?}"
    );
}

#[test]
fn a_preview_computed_in_the_background_is_the_same_as_one_waited_for() {
    let devolve = order(
        "beingstonia_state",
        ActionFile::Devolve {
            from: Tier::Ruler,
            to: Tier::Municipal,
            amount: 0.1,
        },
    );
    let waited = open("sysescentstan.ron").preview(&devolve);
    let mut session = open("sysescentstan.ron");
    let before = session.sim.state_hash();
    session.request_preview(&devolve);
    assert!(session.previewing(&devolve) && session.busy());
    // Asked again while it is computed: still one.
    session.request_preview(&devolve);
    let mut waited_for = 0;
    while !session.poll_previews() {
        std::thread::sleep(Duration::from_millis(5));
        waited_for += 1;
        assert!(waited_for < 2000, "the preview never finished");
    }
    assert!(!session.previewing(&devolve) && !session.busy());
    assert_eq!(session.preview_of(&devolve), Some(&waited));
    assert_eq!(session.sim.state_hash(), before);
}

#[test]
fn the_tutorial_is_won_only_with_all_three_freedoms() {
    let play = |orders: &str| {
        let mut session = open("tutorial.ron");
        let list = free_association::level::load_orders(&root().join(orders))
            .unwrap_or_else(|e| panic!("{e}"));
        session.sim.queue(list);
        for _ in 0..30 {
            session.sim.step();
        }
        session.sim.outcome().state.clone()
    };
    // Open and devolve, without communes: the legacy goal is met, the
    // communes' is not.
    let two = play("levels/orders/tutorial_two_freedoms.ron");
    assert!(
        matches!(two, GameState::Defeat { .. }),
        "two freedoms: {two:?}"
    );
    // The same with communes chartered wins.
    let three = play("levels/orders/tutorial_three_freedoms.ron");
    assert!(
        matches!(three, GameState::Victory { .. }),
        "three freedoms: {three:?}"
    );
}

#[test]
fn big_moments_of_the_players_polity_become_notifications_once() {
    use free_association::game::ui::notifications::Toasts;
    let mut session = open("tutorial.ron");
    let list = free_association::level::load_orders(
        &root().join("levels/orders/tutorial_three_freedoms.ron"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    session.sim.queue(list);
    let mut toasts = Toasts::default();
    toasts.collect(&session, 0.0);
    assert!(toasts.list.is_empty(), "a game opens without notifications");
    // Every notification shown, turn by turn (at most three stay).
    let mut shown = Vec::new();
    for turn in 1..=12 {
        session.sim.step();
        toasts.collect(&session, turn as f32);
        assert!(toasts.list.len() <= 3);
        shown.extend(toasts.list.iter().filter(|t| t.turn == turn).cloned());
        // Asked again in the same turn (every frame does): nothing new.
        let before = toasts.list.clone();
        toasts.collect(&session, turn as f32 + 0.5);
        assert_eq!(toasts.list, before);
    }
    // Turn 4: the federation the Homeland proposed, with its place; turn
    // 12: the March (not a neighbour's fall, not ours) sorting its people
    // is only in the log; the tutorial's steps are notifications.
    let federated: Vec<_> = shown
        .iter()
        .filter(|t| t.text.contains("federated"))
        .collect();
    assert_eq!(federated.len(), 1, "{shown:?}");
    assert_eq!(federated[0].turn, 4);
    assert!(federated[0].place.is_some());
    assert!(
        !shown.iter().any(|t| t.text.contains("sorted")),
        "{shown:?}"
    );
    assert!(
        shown
            .iter()
            .any(|t| t.turn == 1 && t.text.starts_with("Step 1")),
        "{shown:?}"
    );
    // The ping rings for a while after the turn, then stops.
    let mut one = Toasts::default();
    one.list.push(federated[0].clone());
    let pinged = federated[0].pinged;
    assert!(!one.pings(pinged + 0.1).is_empty());
    assert!(one.pings(pinged + 10.0).is_empty());
    // A game loaded or opened again starts without them.
    let other = open("tutorial.ron");
    toasts.collect(&other, 20.0);
    assert!(toasts.list.is_empty());
}

#[test]
fn deleting_a_save_never_touches_a_file_outside_the_save_folder() {
    let dir = scratch("delete");
    let precious = dir.join("level.ron");
    std::fs::write(&precious, "keep me").unwrap_or_else(|e| panic!("{e}"));
    let mut app = App::new();
    app.add_plugins(MinimalPlugins);
    app.add_plugins(session::plugin);
    app.insert_resource(open("tutorial.ron"));
    app.world_mut()
        .write_message(Command::DeleteSave(precious.clone()));
    app.update();
    assert!(precious.exists(), "a file outside saves/ was deleted");
    let session = app.world().resource::<Session>();
    assert!(
        session
            .log
            .iter()
            .any(|l| l.warning && l.text.contains("is not a save")),
        "the refusal is said"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_neighbours_proposal_of_federation_waits_on_a_card_and_accepting_federates() {
    use free_association::game::ui::notifications::proposals;
    let mut session = open("tutorial.ron");
    assert!(proposals(&session.sim).is_empty(), "none at turn 0");
    // Ferry Town asks on its own within a few turns.
    let mut asked = Vec::new();
    while asked.is_empty() && session.turn() < 10 {
        session.sim.step();
        asked = proposals(&session.sim);
    }
    let (text, place, key) = asked
        .first()
        .cloned()
        .unwrap_or_else(|| panic!("Ferry never asked"));
    assert!(text.starts_with("Ferry Town asks to federate"), "{text}");
    assert!(place.is_some());
    let key = key.unwrap_or_else(|| panic!("the card answers a polity"));
    // Accepting is proposing back: next turn the two are federated and
    // nothing waits any more.
    session.give(order(
        "homeland",
        ActionFile::ProposeFederation { with: key },
    ));
    session.sim.step();
    let federated = session.player().and_then(|p| p.federation);
    assert!(federated.is_some(), "the Homeland is in a federation");
    assert!(proposals(&session.sim).is_empty());
}

#[test]
fn a_regime_near_its_fall_is_warned_and_a_reforming_one_is_not() {
    use free_association::game::ui::notifications::warning;
    let warned = |orders: &str| {
        let mut session = open("tutorial.ron");
        if !orders.is_empty() {
            let list = free_association::level::load_orders(&root().join(orders))
                .unwrap_or_else(|e| panic!("{e}"));
            session.sim.queue(list);
        }
        assert!(warning(&session.sim).is_none(), "not at turn 0");
        while session.sim.outcome().state == GameState::Playing && session.turn() < 30 {
            session.sim.step();
            if let Some((text, place, _)) = warning(&session.sim) {
                let legitimacy = session.player().map_or(1.0, |p| p.legitimacy);
                assert!(legitimacy < 0.25, "{legitimacy}");
                assert!(text.starts_with("Your legitimacy is low"), "{text}");
                assert!(place.is_some());
                return Some(session.turn());
            }
        }
        None
    };
    // Doing nothing ends in a fall: it is warned of first.
    assert!(warned("").is_some());
    // Power moved down, the exit open: no regime left to fall, no warning.
    assert_eq!(warned("levels/orders/tutorial_three_freedoms.ron"), None);
}
