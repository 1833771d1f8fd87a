//! Server settings: what clients send in `initializationOptions` and `workspace/configuration`
//! (section `nianbao`): `locale` (zh/en), `template` (auto/2019/2021), `rules` ({id: false}),
//! `inlayHints.cellLabels` (true: label layout-A cells, the default; false: never), `crossYear`
//! (true, the default: compare a report with last year's report found beside it; false: never).
//! Unknown or malformed values are ignored, never an error.

use crate::finding::Locale;
use crate::vocab::{CheckOptions, TemplateId};
use serde_json::Value;

#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub locale: Locale,
    pub check: CheckOptions,
    /// Cell-label inlay hints in layout-A tables.
    pub cell_labels: bool,
    /// Cross-year checks against last year's report in the folder or workspace (`lastyear`).
    pub cross_year: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings { locale: Locale::default(), check: CheckOptions::default(), cell_labels: true, cross_year: true }
    }
}

impl Settings {
    /// Read settings from a JSON object (the `nianbao` section, or an object holding it).
    pub fn from_json(v: &Value) -> Settings {
        let v = v.get("nianbao").unwrap_or(v);
        let mut s = Settings::default();
        if let Some(l) = v.get("locale").and_then(Value::as_str).and_then(Locale::parse) {
            s.locale = l;
        }
        if let Some(t) = v.get("template").and_then(Value::as_str) {
            s.check.template = TemplateId::parse(t);
        }
        // `{"inlayHints": {"cellLabels": false}}`, or the dotted key as one name.
        let cell_labels = v.get("inlayHints").and_then(|h| h.get("cellLabels")).or_else(|| v.get("inlayHints.cellLabels"));
        if let Some(on) = cell_labels.and_then(Value::as_bool) {
            s.cell_labels = on;
        }
        if let Some(on) = v.get("crossYear").and_then(Value::as_bool) {
            s.cross_year = on;
        }
        if let Some(rules) = v.get("rules").and_then(Value::as_object) {
            for (id, on) in rules {
                let off = match on {
                    Value::Bool(b) => !b,
                    Value::String(s) => matches!(s.as_str(), "off" | "false" | "disabled"),
                    _ => false,
                };
                if off {
                    s.check.disabled_rules.insert(id.clone());
                }
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_settings() {
        let s = Settings::from_json(&serde_json::json!({"nianbao": {"locale": "en", "template": "2019", "rules": {"value_blank": false, "t4_total": true}}}));
        assert_eq!(s.locale, Locale::En);
        assert_eq!(s.check.template, Some(TemplateId::T2019));
        assert!(s.check.disabled_rules.contains("value_blank"));
        assert!(!s.check.disabled_rules.contains("t4_total"));
        assert!(s.cell_labels);
        assert!(!Settings::from_json(&serde_json::json!({"inlayHints": {"cellLabels": false}})).cell_labels);
        assert!(!Settings::from_json(&serde_json::json!({"inlayHints.cellLabels": false})).cell_labels);
        assert_eq!(Settings::from_json(&serde_json::json!(42)), Settings::default());
        assert!(Settings::default().cross_year);
        assert!(!Settings::from_json(&serde_json::json!({"nianbao": {"crossYear": false}})).cross_year);
    }
}
