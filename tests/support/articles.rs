//! Small articles written by hand for the tests.

/// An article of `entities` (id, name), each mentioned once, in that order.
pub fn article_of(id: &str, date: &str, entities: &[(&str, &str)]) -> String {
    let text: Vec<&str> = entities.iter().map(|e| e.1).collect();
    let text = text.join(" ");
    let (mut defs, mut mentions, mut at) = (Vec::new(), Vec::new(), 0);
    for (e, name) in entities {
        defs.push(serde_json::json!({"id": e, "name": name, "type": "ORG"}));
        let n = name.chars().count();
        mentions.push(serde_json::json!({"entity": e, "start": at, "end": at + n}));
        at += n + 1;
    }
    serde_json::json!({"id": id, "title": id, "date": date, "text": text, "entities": defs, "mentions": mentions})
        .to_string()
}
