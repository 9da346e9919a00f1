//! The programme over the API on the demo data, on both databases: a plan's
//! targets of all three kinds show progress that matches an independent
//! count over the demo's records; plans, targets, tasks and activities are
//! written by whom the policy allows, each bad field named, a stale version
//! refused; the budget counts the support on cases as spending of its
//! source and only the issuer's finance staff record it.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

mod common;

use chrono::Datelike;
use common::TestServer;
use haven_domain::case::Command;
use haven_server::ServerSettings;
use reqwest::StatusCode;
use serde_json::{json, Value};

struct Demo {
    http: reqwest::Client,
    csrf: String,
    base: String,
}

impl Demo {
    async fn login(server: &TestServer, username: &str) -> Demo {
        let http = common::client();
        let r = http
            .post(server.url("/api/v1/session"))
            .json(&json!({"username": username, "password": haven_store::demo::DEMO_PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{username}");
        let csrf = common::csrf_of(&r);
        Demo {
            http,
            csrf,
            base: server.base.clone(),
        }
    }

    async fn send(&self, method: &str, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let mut request = self
            .http
            .request(
                reqwest::Method::from_bytes(method.as_bytes()).unwrap(),
                format!("{}{path}", self.base),
            )
            .header(haven_server::CSRF_HEADER, &self.csrf);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let r = request.send().await.unwrap();
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    async fn get(&self, path: &str) -> Value {
        let (status, body) = self.send("GET", path, None).await;
        assert_eq!(status, StatusCode::OK, "GET {path}: {body}");
        body
    }

    /// A page's HTML, as the browser gets it.
    async fn page(&self, path: &str) -> String {
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "GET {path}");
        r.text().await.unwrap()
    }
}

fn target<'a>(plan: &'a Value, source_kind: &str, code: &str) -> &'a Value {
    plan["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| {
            t["source"]["kind"] == source_kind
                && (t["source"]["indicator"] == code
                    || t["source"]["measure"] == code
                    || source_kind == "manual")
        })
        .unwrap_or_else(|| panic!("a {source_kind} target {code}"))
}

fn year(target: &Value, year: i32) -> &Value {
    target["progress"]["years"]
        .as_array()
        .unwrap()
        .iter()
        .find(|y| y["year"] == year)
        .unwrap()
}

haven_testkit::backend_tests! {
    async fn targets_of_every_kind_show_what_the_records_hold(store) {
        store.load_demo().await.unwrap();
        let server = TestServer::start(store.clone(), ServerSettings { demo_mode: true, ..common::settings() }).await;
        let planner = Demo::login(&server, "ministry.planner").await;
        let plans = planner.get("/api/v1/plans").await;
        let national_id = plans.as_array().unwrap().iter().find(|p| p["area_code"] == "VN").unwrap()["id"].as_i64().unwrap();
        let city_id = plans.as_array().unwrap().iter().find(|p| p["area_code"] == "01").unwrap()["id"].as_i64().unwrap();
        let national = planner.get(&format!("/api/v1/plans/{national_id}")).await;
        let this_year = chrono::Utc::now().year();
        assert_eq!(this_year.max(2026), this_year, "the demo's plan starts in 2026");

        // From the case records: counted here from each case's own commands.
        let cases = store.statistical_cases().await.unwrap();
        let received: Vec<_> = cases.iter().filter(|c| c.received_on.year() == 2026).collect();
        let verified = received.iter().filter(|c| c.commands.iter().any(|(_, command)| matches!(command, Command::StartVerification { .. } | Command::RecordIdentification { .. }))).count();
        assert!(!received.is_empty(), "the demo receives persons in 2026");
        let share = year(target(&national, "case_records", "verified_share"), 2026);
        assert_eq!(share["share"]["denominator"].as_u64().unwrap() as usize, received.len(), "{share}");
        assert_eq!(share["share"]["numerator"].as_u64().unwrap() as usize, verified, "{share}");
        let expected = (verified as f64 * 1000.0 / received.len() as f64).round() / 10.0;
        assert_eq!(share["actual"].as_f64().unwrap(), expected);
        assert_eq!(share["reached"], json!(expected >= 100.0));

        // From the activity records: the trainees of 2026's courses, listed and added up here.
        let courses = planner.get("/api/v1/activities?kind=training&from=2026-01-01&to=2026-12-31&limit=200").await;
        let trainees: u64 = courses["items"].as_array().unwrap().iter()
            .flat_map(|c| c["details"]["trainee_groups"].as_array().unwrap().clone())
            .map(|g| g["female"].as_u64().unwrap() + g["male"].as_u64().unwrap())
            .sum();
        assert_eq!(courses["total"], 12);
        let trained = year(target(&national, "activities", "persons_trained"), 2026);
        assert_eq!(trained["actual"].as_f64().unwrap(), (trainees as f64 * 1000.0 / 400.0).round() / 10.0, "{trained}");
        let talks = planner.get("/api/v1/activities?kind=communication&limit=200").await;
        let high_risk = talks["items"].as_array().unwrap().iter().filter(|a| !a["area_flags"].as_array().unwrap().is_empty()).count();
        let sessions = year(target(&national, "activities", "communication_sessions_high_risk"), 2026);
        assert_eq!(sessions["actual"].as_f64().unwrap() as usize, high_risk);
        assert_eq!(sessions["reached"], json!(high_risk >= 6));

        // Entered by hand, in the city's plan; the national plan has none entered.
        let city = planner.get(&format!("/api/v1/plans/{city_id}")).await;
        let manual = year(target(&city, "manual", ""), 2026);
        assert_eq!((manual["actual"].as_f64(), &manual["reached"]), (Some(85.0), &json!(false)));
        assert!(year(target(&national, "manual", ""), 2026)["actual"].is_null());
        // Years not yet come have no value; the whole plan compares with its own target.
        assert!(year(target(&national, "activities", "persons_trained"), 2030)["actual"].is_null() || this_year >= 2030);
        assert_eq!(target(&national, "activities", "persons_trained")["progress"]["whole_period"]["target"], 80);

        // The review puts each target's years side by side, as the plan page computes them.
        let review = planner.get(&format!("/api/v1/plans/{national_id}/review")).await;
        assert_eq!(review["stage"], if this_year > 2030 { "final" } else { "interim" });
        assert_eq!(review["years"], json!([2026, 2027, 2028, 2029, 2030]));
        for (reviewed, planned) in review["targets"].as_array().unwrap().iter().zip(national["targets"].as_array().unwrap()) {
            assert_eq!(reviewed["years"], planned["progress"]["years"]);
            assert_eq!(reviewed["whole_period"], planned["progress"]["whole_period"]);
        }
        let year_2026 = review["activities"].as_array().unwrap().iter().find(|y| y["year"] == 2026).unwrap();
        assert_eq!(year_2026["training_courses"], courses["total"]);
        assert_eq!(year_2026["persons_trained"].as_u64().unwrap(), trainees);
        let bytes = planner.http.get(format!("{}/api/v1/plans/{national_id}/review.xlsx", server.base)).send().await.unwrap().bytes().await.unwrap();
        use calamine::Reader;
        let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
        let sheet = book.worksheet_range("Sơ kết, tổng kết").unwrap();
        let cells: Vec<String> = sheet.rows().flat_map(|r| r.iter().map(|c| c.to_string())).collect();
        assert!(cells.iter().any(|c| c.starts_with("BÁO CÁO SƠ KẾT") || c.starts_with("BÁO CÁO TỔNG KẾT")));
        assert!(cells.iter().any(|c| c == "100% người được tiếp nhận được xác minh, xác định"));
        assert!(cells.iter().any(|c| c == "2026: thực hiện"));

        // The city's plan implements the ministry's and lists its tasks late ones first.
        assert_eq!(city["parent"]["id"], national_id);
        assert_eq!(city["copied_from"]["id"], national_id);
        assert_eq!(national["children"][0]["id"], city_id);
        let standings: Vec<&str> = city["tasks"].as_array().unwrap().iter().map(|t| t["standing"].as_str().unwrap()).collect();
        assert_eq!(standings.first(), Some(&"late"), "{standings:?}");
        assert!(standings.contains(&"done") && standings.contains(&"dropped"));
        assert!(city["activities_recorded"].as_u64().unwrap() >= 12);
        // Below national level, case figures under the threshold are hidden, never shown small.
        for t in city["targets"].as_array().unwrap().iter().filter(|t| t["source"]["kind"] == "case_records") {
            for y in t["progress"]["years"].as_array().unwrap() {
                if let Some(d) = y["share"]["denominator"].as_u64() {
                    let n = y["share"]["numerator"].as_u64().unwrap();
                    for figure in [d, n, d - n] {
                        assert!(figure == 0 || figure >= 3, "a small figure shown: {y}");
                    }
                }
            }
        }
        server.stop().await;
    }

    async fn the_yearly_report_carries_the_programme_in_every_format(store) {
        store.load_demo().await.unwrap();
        let server = TestServer::start(store.clone(), ServerSettings { demo_mode: true, ..common::settings() }).await;
        let statistician = Demo::login(&server, "statistician").await;
        let police = store.agency_by_code("HNI-CA").await.unwrap().unwrap().id;
        let report = statistician.get("/api/v1/statistics/report?period=2026&area=01").await;
        let value = |code: &str| -> f64 {
            report["programme"]["sections"].as_array().unwrap().iter()
                .flat_map(|s| s["lines"].as_array().unwrap())
                .find(|l| l["code"] == code)
                .unwrap_or_else(|| panic!("a line {code}: {report}"))["value"].as_f64().unwrap()
        };
        // Counted here from the courses held in the province in 2026.
        let courses = statistician.get("/api/v1/activities?kind=training&area=01&from=2026-01-01&to=2026-12-31&limit=200").await;
        let groups: Vec<Value> = courses["items"].as_array().unwrap().iter().flat_map(|c| c["details"]["trainee_groups"].as_array().unwrap().clone()).collect();
        let sum = |filter: &dyn Fn(&Value) -> bool, sex: &str| groups.iter().filter(|g| filter(g)).map(|g| g[sex].as_u64().unwrap()).sum::<u64>() as f64;
        assert!(!groups.is_empty());
        assert_eq!(value("training_courses"), courses["total"].as_f64().unwrap());
        assert_eq!(value("persons_trained_female"), sum(&|_| true, "female"));
        assert_eq!(value(&format!("trainees_agency:{police}:female")), sum(&|g| g["agency_id"] == police, "female"));
        assert_eq!(value(&format!("trainees_agency:{police}:male")), sum(&|g| g["agency_id"] == police, "male"));
        assert_eq!(value("trainees_sector:police:male"), sum(&|g| g["sector"] == "police", "male"));
        let talks = statistician.get("/api/v1/activities?kind=communication&area=01&from=2026-01-01&to=2026-12-31&limit=200").await;
        assert_eq!(value("communication_sessions"), talks["total"].as_f64().unwrap());
        assert_eq!(value("persons_reached"), talks["items"].as_array().unwrap().iter().map(|a| a["details"]["reached"]["total"].as_f64().unwrap()).sum::<f64>());
        // The city's plan's targets for 2026, the one kept by hand among them.
        let manual = report["programme"]["sections"].as_array().unwrap().iter().find(|s| s["code"] == "plan_targets").unwrap()["lines"].as_array().unwrap().iter()
            .find(|l| l["label_vi"].as_str().unwrap().contains("văn bản pháp luật")).unwrap().clone();
        assert_eq!((manual["value"].as_f64(), manual["note_vi"].as_str()), (Some(85.0), Some("Chỉ tiêu: 100; chưa đạt")));

        let bytes = statistician.http.get(format!("{}/api/v1/statistics/report.xlsx?period=2026&area=01", server.base)).send().await.unwrap().bytes().await.unwrap();
        use calamine::Reader;
        let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
        let sheet = book.worksheet_range("Chương trình").unwrap();
        let cells: Vec<String> = sheet.rows().flat_map(|r| r.iter().map(|c| c.to_string())).collect();
        for text in ["Kết quả thực hiện chỉ tiêu của kế hoạch", "Công tác truyền thông", "Tập huấn, bồi dưỡng nâng cao năng lực", "Hội họp, phối hợp liên ngành", "Công an Thành phố Hà Nội: nữ", "Kiểm tra, thanh tra", "Tổng số tiền phạt", "Kinh phí thực hiện", "Đã chi — Ngân sách địa phương"] {
            assert!(cells.iter().any(|c| c.contains(text)), "the workbook lacks «{text}»");
        }
        let trained_row = sheet.rows().find(|r| r.get(1).is_some_and(|c| *c == "Số lượt người được tập huấn")).unwrap();
        assert_eq!(calamine::DataType::get_float(&trained_row[3]), Some(sum(&|_| true, "female") + sum(&|_| true, "male")));

        let pdf = statistician.http.get(format!("{}/api/v1/statistics/report.pdf?period=2026&area=01", server.base)).send().await.unwrap().bytes().await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.pdf");
        std::fs::write(&path, &pdf).unwrap();
        let output = std::process::Command::new("pdftotext").arg("-layout").arg(&path).arg("-").output().expect("pdftotext (poppler-utils) reads the PDF");
        let text = String::from_utf8_lossy(&output.stdout);
        for words in ["III. Kết quả thực hiện kế hoạch và các hoạt động", "Công tác truyền thông", "Số lớp tập huấn, bồi dưỡng", "Số cuộc kiểm tra, thanh tra", "Kinh phí thực hiện", "Tỷ lệ giải ngân"] {
            assert!(text.contains(words), "the PDF lacks «{words}»");
        }
        let page = statistician.http.get(format!("{}/reports?period=2026", server.base)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("id=\"programme-training\"") && page.contains("Kết quả thực hiện kế hoạch và các hoạt động"), "the statistics page shows the programme");
        // A quarter, or years not the plan's, carry no plan targets: they are set per year.
        let quarter = statistician.get("/api/v1/statistics/report?period=2026-Q1&area=01").await;
        assert!(quarter["programme"]["sections"].as_array().unwrap().iter().all(|s| s["code"] != "plan_targets"), "{}", quarter["programme"]);
        let before = statistician.get("/api/v1/statistics/report?period=2021-2025&area=01").await;
        assert!(before["programme"]["sections"].as_array().unwrap().iter().all(|s| s["code"] != "plan_targets"));
        let csv = statistician.http.get(format!("{}/api/v1/statistics/report.csv?period=2026&area=01", server.base)).send().await.unwrap().text().await.unwrap();
        assert!(csv.lines().any(|l| l.contains("programme:training") && l.contains(&format!("trainees_agency:{police}:female"))));
        server.stop().await;
    }

    async fn plans_tasks_and_activities_are_written_by_whom_the_policy_allows(store) {
        store.load_demo().await.unwrap();
        let settings = ServerSettings { demo_mode: true, national_agencies: vec![haven_store::demo::NATIONAL_AGENCY.into()], ..common::settings() };
        let server = TestServer::start(store.clone(), settings).await;
        let planner = Demo::login(&server, "planner").await;
        let police = Demo::login(&server, "police").await;
        let women = Demo::login(&server, "womens.union").await;
        let border = Demo::login(&server, "border.guard").await;
        let statistician = Demo::login(&server, "statistician").await;
        let police_id = store.agency_by_code("HNI-CA").await.unwrap().unwrap().id;

        let plan = json!({"number": "12/KH-SYT", "issued_on": "2026-03-01", "title": "Kế hoạch truyền thông năm 2026", "first_year": 2026, "last_year": 2026});
        let (status, body) = statistician.send("POST", "/api/v1/plans", Some(plan.clone())).await;
        assert_eq!((status, body["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")));
        assert_eq!(statistician.send("GET", "/api/v1/plans", None).await.0, StatusCode::OK);
        let (status, created) = planner.send("POST", "/api/v1/plans", Some(plan)).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        assert_eq!(created["area_code"], "01");
        assert_eq!(created["may_edit"], true);
        let id = created["id"].as_i64().unwrap();

        // Each bad field is named, in both languages.
        let (status, body) = planner.send("POST", &format!("/api/v1/plans/{id}/targets"), Some(json!({
            "definition": "Tỷ lệ", "unit": "percent", "direction": "at_least",
            "yearly": [{"year": 2027, "value": 120}], "source": {"kind": "case_records", "indicator": "happiness"}
        }))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let fields: Vec<(&str, &str)> = body["violations"].as_array().unwrap().iter().map(|v| (v["field"].as_str().unwrap(), v["rule"].as_str().unwrap())).collect();
        assert_eq!(fields, vec![("yearly_0", "percent"), ("yearly_0", "year_in_plan"), ("source.indicator", "known_code")], "every fault at once");
        assert!(body["violations"][0]["message_vi"].as_str().unwrap().contains("Tỷ lệ"));
        let (status, body) = planner.send("POST", &format!("/api/v1/plans/{id}/targets"), Some(json!({
            "definition": "Tỷ lệ", "unit": "percent", "direction": "at_least",
            "yearly": [{"year": 2026, "value": 100}], "source": {"kind": "case_records", "indicator": "happiness"}
        }))).await;
        assert_eq!((status, body["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("source.indicator")));

        let (status, task) = planner.send("POST", &format!("/api/v1/plans/{id}/tasks"), Some(json!({
            "title": "Điều tra các đường dây", "lead_agency_id": police_id, "starts_on": "2026-03-01", "ends_on": "2026-12-31", "status": "not_started"
        }))).await;
        assert_eq!(status, StatusCode::CREATED, "{task}");
        let task_path = format!("/api/v1/plans/{id}/tasks/{}", task["id"]);
        let mut draft = task.clone();
        draft["status"] = json!("in_progress");
        // The lead agency records progress; it does not rewrite the task.
        let (status, updated) = police.send("PUT", &task_path, Some(json!({"version": 1, "task": draft}))).await;
        assert_eq!((status, updated["status"].as_str()), (StatusCode::OK, Some("in_progress")), "{updated}");
        let mut rewritten = draft.clone();
        rewritten["title"] = json!("Việc khác");
        let (status, body) = police.send("PUT", &task_path, Some(json!({"version": 2, "task": rewritten}))).await;
        assert_eq!((status, body["violations"][0]["rule"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("issuer_changes_the_task")));
        let (status, body) = police.send("PUT", &task_path, Some(json!({"version": 1, "task": draft}))).await;
        assert_eq!((status, body["code"].as_str(), body["current_version"].as_i64()), (StatusCode::CONFLICT, Some("stale_version"), Some(2)));
        let (status, body) = women.send("PUT", &task_path, Some(json!({"version": 2, "task": draft}))).await;
        assert_eq!((status, body["code"].as_str()), (StatusCode::FORBIDDEN, Some("not_your_agency")));

        // What cannot be true given the other records is refused by field.
        let target = |unit: &str, source: Value| json!({"definition": "Chỉ tiêu", "unit": unit, "direction": "at_least", "whole_period": 10, "source": source});
        for (body, field, rule) in [
            (target("count", json!({"kind": "case_records", "indicator": "verified_share"})), "unit", "unit_of_indicator"),
            (target("percent", json!({"kind": "case_records", "indicator": "received"})), "unit", "unit_of_indicator"),
            (target("percent", json!({"kind": "activities", "measure": "persons_trained"})), "unit", "count_for_activities"),
            (target("percent", json!({"kind": "manual", "source": "Báo cáo", "actuals": [{"year": 2099, "value": 100}]})), "source.actuals_0", "year_in_plan"),
        ] {
            let (status, body) = planner.send("POST", &format!("/api/v1/plans/{id}/targets"), Some(body)).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
            assert!(body["violations"].as_array().unwrap().iter().any(|v| v["field"] == field && v["rule"] == rule), "{field}/{rule}: {body}");
        }
        let later = json!({"number": "13/KH-SYT", "issued_on": "2099-01-01", "title": "Kế hoạch", "first_year": 2099, "last_year": 2099});
        let (_, body) = planner.send("POST", "/api/v1/plans", Some(later)).await;
        assert!(body["violations"].as_array().unwrap().iter().any(|v| v["field"] == "issued_on" && v["rule"] == "not_in_future"), "{body}");
        let again = json!({"number": "12/kh-syt", "issued_on": "2026-03-01", "title": "Trùng số", "first_year": 2026, "last_year": 2026});
        let (_, body) = planner.send("POST", "/api/v1/plans", Some(again)).await;
        assert_eq!((body["field"].as_str(), body["violations"][0]["rule"].as_str()), (Some("number"), Some("unique")));
        let ministry = Demo::login(&server, "ministry.planner").await;
        let upside_down = json!({"number": "99/KH-BYT", "issued_on": "2026-03-01", "title": "Ngược cấp", "first_year": 2026, "last_year": 2026, "parent_plan_id": id});
        let (_, body) = ministry.send("POST", "/api/v1/plans", Some(upside_down)).await;
        assert_eq!(body["violations"][0]["rule"], "parent_area", "the ministry does not implement a province's plan: {body}");
        let (_, body) = planner.send("POST", &format!("/api/v1/plans/{id}/tasks"), Some(json!({
            "title": "Quá hạn kế hoạch", "lead_agency_id": police_id, "starts_on": "2026-03-01", "ends_on": "2027-12-31", "status": "not_started"
        }))).await;
        assert_eq!((body["field"].as_str(), body["violations"][0]["rule"].as_str()), (Some("ends_on"), Some("within_plan")));

        // Activities against a task: its lead or cooperating agencies only.
        let city = planner.get("/api/v1/plans").await.as_array().unwrap().iter().find(|p| p["number"] == "301/KH-SYT").unwrap()["id"].clone();
        let city = planner.get(&format!("/api/v1/plans/{city}")).await;
        let communication = city["tasks"].as_array().unwrap().iter().find(|t| t["section"] == "III.1").unwrap()["id"].clone();
        let talk = json!({"title": "Nói chuyện tại trường THCS", "held_on": "2026-04-02", "unit_id": "2025/01/00070", "task_id": communication,
            "details": {"kind": "communication", "channel": "meeting_talk", "languages": ["vi"], "audiences": ["students"], "reached": {"total": 90, "female": 50, "male": 40}, "materials_distributed": 90}});
        let (status, recorded) = women.send("POST", "/api/v1/activities", Some(talk.clone())).await;
        assert_eq!(status, StatusCode::CREATED, "{recorded}");
        assert_eq!((recorded["agency"]["code"].as_str(), recorded["may_edit"].as_bool()), (Some("HNI-HLHPN"), Some(true)));
        let (status, body) = border.send("POST", "/api/v1/activities", Some(talk.clone())).await;
        assert_eq!((status, body["code"].as_str()), (StatusCode::FORBIDDEN, Some("not_your_agency")));
        let mut own = talk.clone();
        own["task_id"] = Value::Null;
        own["unit_id"] = json!("2025/15/02683");
        assert_eq!(border.send("POST", "/api/v1/activities", Some(own)).await.0, StatusCode::CREATED);
        let mut wrong = talk.clone();
        wrong["details"]["reached"] = json!({"total": 10, "female": 50});
        wrong["held_on"] = json!("2099-01-01");
        let (status, body) = women.send("POST", "/api/v1/activities", Some(wrong)).await;
        let fields: Vec<&str> = body["violations"].as_array().unwrap().iter().map(|v| v["field"].as_str().unwrap()).collect();
        assert_eq!((status, fields), (StatusCode::UNPROCESSABLE_ENTITY, vec!["held_on", "reached.total"]));

        let dropped = city["tasks"].as_array().unwrap().iter().find(|t| t["status"] == "dropped").unwrap()["id"].clone();
        let mut against_dropped = talk.clone();
        against_dropped["task_id"] = dropped;
        let (status, body) = planner.send("POST", "/api/v1/activities", Some(against_dropped)).await;
        assert_eq!((status, body["violations"][0]["rule"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("task_dropped")));
        let activity_path = format!("/api/v1/activities/{}", recorded["id"]);
        let mut corrected = talk.clone();
        corrected["title"] = json!("Nói chuyện tại trường THCS Trưng Vương");
        let (status, body) = police.send("PUT", &activity_path, Some(json!({"version": 1, "activity": corrected}))).await;
        assert_eq!((status, body["code"].as_str()), (StatusCode::FORBIDDEN, Some("not_your_agency")));
        let (status, body) = women.send("PUT", &activity_path, Some(json!({"version": 1, "activity": corrected}))).await;
        assert_eq!((status, body["version"].as_i64()), (StatusCode::OK, Some(2)), "{body}");
        let history = women.get(&format!("{activity_path}/history")).await;
        assert_eq!(history.as_array().unwrap().iter().map(|h| h["action"].as_str().unwrap()).collect::<Vec<_>>(), vec!["create", "update"]);
        assert_eq!(history[1]["username"], "womens.union");
        let plan_history = planner.get(&format!("/api/v1/plans/{id}/history")).await;
        assert_eq!(plan_history.as_array().unwrap().len(), 3, "created, its task created and updated: {plan_history}");

        // Filters that cannot be read are named.
        let (status, body) = women.send("GET", "/api/v1/activities?area=01/x&limit=0", None).await;
        let fields: Vec<&str> = body["violations"].as_array().unwrap().iter().map(|v| v["field"].as_str().unwrap()).collect();
        assert_eq!((status, fields), (StatusCode::UNPROCESSABLE_ENTITY, vec!["area", "limit"]));
        let (status, _) = women.send("GET", "/api/v1/activities?kind=party", None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        server.stop().await;
    }

    async fn the_budget_adds_case_support_to_its_source_and_only_finance_staff_record_it(store) {
        store.load_demo().await.unwrap();
        let settings = ServerSettings { demo_mode: true, national_agencies: vec![haven_store::demo::NATIONAL_AGENCY.into()], ..common::settings() };
        let server = TestServer::start(store.clone(), settings).await;
        let planner = Demo::login(&server, "planner").await;
        let accountant = Demo::login(&server, "accountant").await;
        let plans = planner.get("/api/v1/plans").await;
        let city = plans.as_array().unwrap().iter().find(|p| p["number"] == "301/KH-SYT").unwrap()["id"].as_i64().unwrap();

        // The support amounts on Hà Nội's cases in 2026, by source, added up here from each case's commands.
        let mut on_cases: std::collections::BTreeMap<String, i64> = std::collections::BTreeMap::new();
        for case in store.statistical_cases().await.unwrap().iter().filter(|c| c.province_code == "01") {
            for (_, command) in &case.commands {
                if let Command::RecordService(service) = command {
                    if service.delivered_on.year() == 2026 && service.amount_vnd.unwrap_or(0) > 0 {
                        *on_cases.entry(service.funding_source.clone().unwrap_or_else(|| "unrecorded".into())).or_default() += service.amount_vnd.unwrap_or(0);
                    }
                }
            }
        }
        assert!(on_cases.get("state_budget_local").copied().unwrap_or(0) > 0, "the demo supports victims from the city's budget: {on_cases:?}");

        let budget = planner.get(&format!("/api/v1/plans/{city}/budget?year=2026")).await;
        assert_eq!(budget["may_record"], false, "the planner does not keep the books");
        let row = |code: &str| budget["by_source"].as_array().unwrap().iter().find(|r| r["code"] == code).cloned().unwrap_or(Value::Null);
        let local = row("state_budget_local");
        // Recorded in the demo: 45,5 + 30 + 12 + 8 million đồng spent from the city's budget.
        assert_eq!(local["spent_on_cases"].as_i64().unwrap(), on_cases["state_budget_local"]);
        assert_eq!(local["spent"].as_i64().unwrap(), 95_500_000 + on_cases["state_budget_local"]);
        assert_eq!(local["allocated"], 395_000_000);
        assert_eq!(row("international_aid")["spent"], 60_000_000);
        let total = &budget["total"];
        assert_eq!((total["estimated"].as_i64(), total["allocated"].as_i64()), (Some(570_000_000), Some(545_000_000)));
        let spent = total["spent"].as_i64().unwrap();
        // The city budgets victim support from its own budget: that support, and support of no recorded source.
        let counted_on_cases = on_cases.get("state_budget_local").copied().unwrap_or(0) + on_cases.get("unrecorded").copied().unwrap_or(0);
        assert_eq!(spent, 155_500_000 + counted_on_cases);
        assert_eq!(total["remaining"].as_i64().unwrap(), 545_000_000 - spent);
        assert_eq!(total["execution_percent"].as_f64().unwrap(), (spent as f64 * 1000.0 / 545_000_000.0).round() / 10.0);
        let support = budget["by_kind"].as_array().unwrap().iter().find(|r| r["code"] == "victim_support").unwrap();
        assert_eq!(support["spent"].as_i64().unwrap(), counted_on_cases);
        // The ministry's plan budgets nothing for victim support: the city's cases are not its spending.
        let national = plans.as_array().unwrap().iter().find(|p| p["area_code"] == "VN").unwrap()["id"].as_i64().unwrap();
        let ministry_budget = planner.get(&format!("/api/v1/plans/{national}/budget?year=2026")).await;
        assert_eq!(ministry_budget["total"]["spent_on_cases"], 0);
        let (status, body) = planner.send("GET", &format!("/api/v1/plans/{city}/budget?year=2035"), None).await;
        assert_eq!((status, body["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("year")));

        // The issuer's finance staff record; the planner is refused.
        let line = json!({"year": 2027, "kind": "communication", "funding_source": "international_aid", "estimate_vnd": 50_000_000});
        let (status, body) = planner.send("POST", &format!("/api/v1/plans/{city}/budget/lines"), Some(line.clone())).await;
        assert_eq!((status, body["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")));
        let (status, body) = accountant.send("POST", &format!("/api/v1/plans/{city}/budget/lines"), Some(line.clone())).await;
        assert_eq!((status, body["field"].as_str(), body["violations"][0]["rule"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("donor"), Some("donor_of_aid")));
        assert!(body["violations"][0]["message_vi"].as_str().unwrap().contains("nhà tài trợ"));
        let mut aid = line.clone();
        aid["donor"] = json!("UNODC");
        let (status, created) = accountant.send("POST", &format!("/api/v1/plans/{city}/budget/lines"), Some(aid.clone())).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        let entries = format!("/api/v1/plans/{city}/budget/lines/{}/entries", created["id"]);
        let spend = json!({"kind": "spending", "on": "2026-05-01", "amount_vnd": 1_000_000, "purpose": "In tờ rơi"});
        let (status, body) = accountant.send("POST", &entries, Some(spend)).await;
        let rules: Vec<&str> = body["violations"].as_array().unwrap().iter().map(|v| v["rule"].as_str().unwrap()).collect();
        assert_eq!((status, rules), (StatusCode::UNPROCESSABLE_ENTITY, vec!["in_budget_year"]), "a 2027 estimate takes 2027's money");
        // A line of another plan is not found under this one.
        let national = plans.as_array().unwrap().iter().find(|p| p["area_code"] == "VN").unwrap()["id"].as_i64().unwrap();
        let (status, _) = accountant.send("POST", &format!("/api/v1/plans/{national}/budget/lines/{}/entries", created["id"]), Some(json!({"kind": "allocation", "on": "2026-05-01", "amount_vnd": 1}))).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "the ministry's budget is not the city's accountant's");
        let support_line = budget["lines"].as_array().unwrap().iter().find(|l| l["kind"] == "victim_support").unwrap()["id"].clone();
        let (status, body) = accountant.send("POST", &format!("/api/v1/plans/{city}/budget/lines/{support_line}/entries"), Some(json!({"kind": "spending", "on": "2026-05-01", "amount_vnd": 1_000_000, "purpose": "Hỗ trợ"}))).await;
        assert_eq!((status, body["violations"][0]["rule"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("victim_support_spent_on_cases")), "victim support is spent on the cases, not twice");
        let mut changed = aid.clone();
        changed["estimate_vnd"] = json!(60_000_000);
        let path = format!("/api/v1/plans/{city}/budget/lines/{}", created["id"]);
        let (status, body) = accountant.send("PUT", &path, Some(json!({"version": 1, "line": changed}))).await;
        assert_eq!((status, body["version"].as_i64()), (StatusCode::OK, Some(2)), "{body}");
        let (status, body) = accountant.send("PUT", &path, Some(json!({"version": 1, "line": changed}))).await;
        assert_eq!((status, body["code"].as_str()), (StatusCode::CONFLICT, Some("stale_version")));

        // The city's yearly report carries the budget, the case support in it.
        let statistician = Demo::login(&server, "statistician").await;
        let report = statistician.get("/api/v1/statistics/report?period=2026&area=01").await;
        let section = report["programme"]["sections"].as_array().unwrap().iter().find(|s| s["code"] == "budget").cloned().unwrap();
        let line = |code: &str| section["lines"].as_array().unwrap().iter().find(|l| l["code"] == code).unwrap()["value"].as_f64().unwrap() as i64;
        assert_eq!(line("budget_spent:total"), spent);
        assert_eq!(line("budget_spent_on_cases:state_budget_local"), on_cases["state_budget_local"]);
                // A spending entry corrected on its own page: the table follows; a second
        // correction on the old version is refused, the typed amount kept in sight.
        let lines = budget["lines"].as_array().unwrap().clone();
        let (line, entry) = lines.iter().find_map(|l| l["entries"].as_array().unwrap().iter().find(|e| e["kind"] == "spending").map(|e| (l.clone(), e.clone()))).expect("a spending entry in the demo");
        let entry_id = entry["id"].clone();
        let edit = format!("/plans/{city}/budget/entries/{entry_id}/edit");
        let form_page = accountant.page(&edit).await;
        assert!(form_page.contains(&format!("value=\"{}\"", entry["amount_vnd"])), "the form holds the amount recorded");
        let fields = |amount: i64, version: i64| vec![
            ("csrf".to_owned(), accountant.csrf.clone()), ("version".to_owned(), version.to_string()),
            ("kind".to_owned(), "spending".to_owned()), ("on".to_owned(), entry["on"].as_str().unwrap().to_owned()),
            ("amount_vnd".to_owned(), amount.to_string()), ("purpose".to_owned(), entry["purpose"].as_str().unwrap().to_owned()),
            ("document".to_owned(), entry["document"].as_str().unwrap_or("").to_owned()),
        ];
        let version = entry["version"].as_i64().unwrap();
        let smaller = entry["amount_vnd"].as_i64().unwrap() - 1_000_000;
        let saved = accountant.http.post(format!("{}{edit}", accountant.base)).form(&fields(smaller, version)).send().await.unwrap();
        assert_eq!(saved.status(), StatusCode::SEE_OTHER);
        let after = accountant.get(&format!("/api/v1/plans/{city}/budget?year={}", line["year"])).await;
        let corrected = after["lines"].as_array().unwrap().iter().flat_map(|l| l["entries"].as_array().unwrap().clone()).find(|e| e["id"] == entry_id).unwrap();
        assert_eq!(corrected["amount_vnd"].as_i64(), Some(smaller));
        let stale = accountant.http.post(format!("{}{edit}", accountant.base)).form(&fields(smaller - 1_000_000, version)).send().await.unwrap();
        assert_eq!(stale.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = stale.text().await.unwrap();
        assert!(html.contains("id=\"unsaved-text\"") && html.contains(&(smaller - 1_000_000).to_string()), "the typed amount stays in sight");
        assert_eq!(planner.http.get(format!("{}{edit}", planner.base)).send().await.unwrap().status(), StatusCode::FORBIDDEN, "the planner does not keep the books");
        server.stop().await;
    }

    async fn inspections_name_their_company_and_only_inspectors_record_them(store) {
        store.load_demo().await.unwrap();
        let settings = ServerSettings { demo_mode: true, national_agencies: vec![haven_store::demo::NATIONAL_AGENCY.into()], ..common::settings() };
        let server = TestServer::start(store.clone(), settings).await;
        let police = Demo::login(&server, "police").await;
        let women = Demo::login(&server, "womens.union").await;
        let companies = police.get("/api/v1/companies").await;
        assert_eq!(companies.as_array().unwrap().len(), 4);
        let revoked = companies.as_array().unwrap().iter().find(|c| c["licence_status"] == "revoked").unwrap()["id"].clone();
        let record = police.get(&format!("/api/v1/companies/{revoked}")).await;
        let fines: i64 = record["inspections"].as_array().unwrap().iter()
            .flat_map(|i| i["details"]["sanctions"].as_array().unwrap().clone())
            .filter_map(|s| s["amount_vnd"].as_i64())
            .sum();
        assert_eq!(fines, 210_000_000, "the demo fines the revoked company twice: {record}");
        assert_eq!(record["may_edit"], true);

        // The inspection form's JSON: named by field when wrong, refused to those who do not inspect.
        let inspection = json!({"title": "Kiểm tra đột xuất", "held_on": "2026-06-10", "unit_id": "2025/01/00070", "details": {
            "kind": "inspection", "subject": {"kind": "company", "company_id": revoked},
            "violations": ["fees_over_limit"], "sanctions": [{"sanction_kind": "fine", "decision_number": "200/QĐ-XPVPHC"}]
        }});
        let (status, body) = women.send("POST", "/api/v1/activities", Some(inspection.clone())).await;
        assert_eq!((status, body["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")));
        let (status, body) = police.send("POST", "/api/v1/activities", Some(inspection.clone())).await;
        assert_eq!((status, body["field"].as_str(), body["violations"][0]["rule"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("sanctions_0.amount_vnd"), Some("fine_amount")), "{body}");
        let mut fined = inspection.clone();
        fined["details"]["sanctions"][0]["amount_vnd"] = json!(30_000_000);
        let (status, created) = police.send("POST", "/api/v1/activities", Some(fined)).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        assert_eq!(created["kind"], "inspection");
        let record = police.get(&format!("/api/v1/companies/{revoked}")).await;
        let listed = record["inspections"].as_array().unwrap();
        assert!(listed.iter().any(|i| i["id"] == created["id"]));
        let days: Vec<&str> = listed.iter().map(|i| i["held_on"].as_str().unwrap()).collect();
        assert!(days.windows(2).all(|w| w[0] >= w[1]), "latest first: {days:?}");
        // Correcting it is the police's; the Women's Union may not, even as reader.
        let (status, _) = women.send("PUT", &format!("/api/v1/activities/{}", created["id"]), Some(json!({"version": 1, "activity": inspection}))).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, body) = women.send("POST", "/api/v1/companies", Some(json!({"name": "Công ty mới", "licence_number": "9/GP", "licence_status": "active", "unit_id": "2025/01"}))).await;
        assert_eq!((status, body["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")));
        let (status, body) = police.send("POST", "/api/v1/companies", Some(json!({"name": "Công ty trùng", "licence_number": "101/lđtbxh-gp", "licence_status": "active", "unit_id": "2025/01"}))).await;
        assert_eq!((status, body["field"].as_str(), body["violations"][0]["rule"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("licence_number"), Some("unique")));

        // On the page, a blank sanction row before a fine without its amount:
        // the error names the row the form shows again, holding the fine.
        let form: Vec<(&str, String)> = vec![
            ("csrf", police.csrf.clone()), ("kind", "inspection".into()), ("title", "Kiểm tra đột xuất".into()),
            ("held_on", "2026-06-11".into()), ("place_province", "2025/01".into()),
            ("subject_kind", "company".into()), ("company_id", revoked.to_string()), ("violations", "fees_over_limit".into()),
            ("sanction_kind_0", String::new()), ("sanction_amount_0", String::new()), ("sanction_decision_0", String::new()),
            ("sanction_kind_1", "fine".into()), ("sanction_amount_1", String::new()), ("sanction_decision_1", "201/QĐ-XPVPHC".into()),
        ];
        let sent = police.http.post(format!("{}/activities", police.base)).form(&form).send().await.unwrap();
        assert_eq!(sent.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = sent.text().await.unwrap();
        assert!(html.contains("id=\"sanction_amount_0-error\""), "the error is on the first row shown");
        assert!(html.contains("value=\"201/QĐ-XPVPHC\""), "the fine's decision is in that row");

        // The city's yearly report counts them, as listed here.
        let statistician = Demo::login(&server, "statistician").await;
        let held = statistician.get("/api/v1/activities?kind=inspection&area=01&from=2026-01-01&to=2026-12-31&limit=200").await;
        let items = held["items"].as_array().unwrap();
        let with_violations = items.iter().filter(|i| !i["details"]["violations"].as_array().unwrap().is_empty()).count();
        let all_fines: i64 = items.iter().flat_map(|i| i["details"]["sanctions"].as_array().unwrap().clone()).filter_map(|s| s["amount_vnd"].as_i64()).sum();
        let report = statistician.get("/api/v1/statistics/report?period=2026&area=01").await;
        let section = report["programme"]["sections"].as_array().unwrap().iter().find(|s| s["code"] == "inspections").cloned().unwrap();
        let line = |code: &str| section["lines"].as_array().unwrap().iter().find(|l| l["code"] == code).unwrap()["value"].as_f64().unwrap() as i64;
        assert_eq!(line("inspections_held") as usize, items.len());
        assert_eq!(line("inspections_with_violations") as usize, with_violations);
        assert_eq!(line("fines_vnd"), all_fines);
        assert_eq!(all_fines, 240_000_000, "the demo's two fines and this one");
        server.stop().await;
    }

    async fn an_activity_names_only_cases_its_recorder_may_read_and_shows_them_to_their_readers(store) {
        store.load_demo().await.unwrap();
        let settings = ServerSettings { demo_mode: true, national_agencies: vec![haven_store::demo::NATIONAL_AGENCY.into()], ..common::settings() };
        let server = TestServer::start(store.clone(), settings).await;
        let police = Demo::login(&server, "police").await;
        let border = Demo::login(&server, "border.guard").await;
        let statistician = Demo::login(&server, "statistician").await;
        let numbers = |list: Value| -> Vec<String> { list["items"].as_array().unwrap().iter().map(|c| c["case_number"].as_str().unwrap().to_owned()).collect() };
        let theirs = numbers(police.get("/api/v1/cases?limit=200").await);
        let others = numbers(border.get("/api/v1/cases?limit=200").await);
        let readable = theirs.iter().find(|n| !others.contains(n)).expect("a case the police read and the border guards do not").clone();
        let unreadable = others.iter().find(|n| !theirs.contains(n)).expect("a case of the border guards the police do not read").clone();
        let talk = |cases: Value| json!({"title": "Nói chuyện sau giải cứu", "held_on": "2026-06-12", "unit_id": "2025/01", "case_numbers": cases,
            "details": {"kind": "communication", "channel": "meeting_talk", "languages": ["vi"], "audiences": ["students"], "reached": {"total": 40}}});

        // Refused alike: a case out of reach, a case that does not exist; a malformed number by its shape.
        for number in [unreadable.as_str(), "HNI-2099-999999"] {
            let (status, body) = police.send("POST", "/api/v1/activities", Some(talk(json!([number])))).await;
            assert_eq!((status, body["violations"][0]["field"].as_str(), body["violations"][0]["rule"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("case_numbers[0]"), Some("case_not_readable")), "{number}: {body}");
        }
        let (status, body) = police.send("POST", "/api/v1/activities", Some(talk(json!([readable.clone(), "Nguyễn Thị A"])))).await;
        assert_eq!((status, body["violations"][0]["field"].as_str(), body["violations"][0]["rule"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("case_numbers[1]"), Some("case_number")), "a name is not a case number: {body}");
        let (status, created) = police.send("POST", "/api/v1/activities", Some(talk(json!([readable.clone()])))).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        assert_eq!((created["case_numbers"].clone(), created["other_cases"].as_u64()), (json!([readable.clone()]), Some(0)));

        // A reader who may not read the case sees that there is one, not which.
        let id = created["id"].clone();
        let seen = statistician.get(&format!("/api/v1/activities/{id}")).await;
        assert_eq!((seen["case_numbers"].clone(), seen["other_cases"].as_u64()), (json!([]), Some(1)), "{seen}");
        let listed = statistician.get("/api/v1/activities?kind=communication&area=01&from=2026-06-12&to=2026-06-12").await;
        let row = listed["items"].as_array().unwrap().iter().find(|a| a["id"] == id).unwrap().clone();
        assert_eq!((row["case_numbers"].clone(), row["other_cases"].as_u64()), (json!([]), Some(1)));
        let page = statistician.page(&format!("/activities/{id}")).await;
        assert!(!page.contains(&readable) && page.contains("1 hồ sơ khác bạn không được xem"), "the page hides the number too");
        let history = statistician.get(&format!("/api/v1/activities/{id}/history")).await;
        assert!(!history.to_string().contains(&readable), "nor does its history: {history}");
        let own_history = police.get(&format!("/api/v1/activities/{id}/history")).await;
        assert!(own_history.to_string().contains(&readable), "the police read theirs");
        let page = police.page(&format!("/activities/{id}")).await;
        assert!(page.contains(&format!("href=\"/cases/{readable}\"")), "the police's page links the case");

        // A correction keeps the case; the policy's questions were logged.
        let mut corrected = talk(json!([readable.clone()]));
        corrected["title"] = json!("Nói chuyện sau giải cứu (sửa)");
        let (status, changed) = police.send("PUT", &format!("/api/v1/activities/{id}"), Some(json!({"version": 1, "activity": corrected}))).await;
        assert_eq!((status, changed["case_numbers"].clone()), (StatusCode::OK, json!([readable.clone()])), "{changed}");
        let log = store.access_log(&haven_store::access::AccessQuery { limit: 500, ..Default::default() }).await.unwrap();
        assert!(log.iter().any(|e| e.action == "read_case" && e.outcome == "deny" && e.case_number.as_deref() == Some(unreadable.as_str())), "the refused number was asked of the case policy");
        server.stop().await;
    }

    async fn a_plans_documents_are_attached_by_its_issuer_read_by_all_and_withdrawn(store) {
        store.load_demo().await.unwrap();
        let settings = ServerSettings { demo_mode: true, national_agencies: vec![haven_store::demo::NATIONAL_AGENCY.into()], ..common::settings() };
        let server = TestServer::start(store.clone(), settings).await;
        let planner = Demo::login(&server, "planner").await;
        let women = Demo::login(&server, "womens.union").await;
        let plans = planner.get("/api/v1/plans").await;
        let own = plans.as_array().unwrap().iter().find(|p| p["issuer"]["code"] == "HNI-SYT").expect("the city's plan")["id"].clone();
        let upload = |agent: &Demo, name: &str, bytes: &'static [u8]| {
            let form = reqwest::multipart::Form::new()
                .text("description", "Bản ký số")
                .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()));
            agent.http.post(format!("{}/api/v1/plans/{own}/documents", agent.base)).header(haven_server::CSRF_HEADER, &agent.csrf).multipart(form).send()
        };
        const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";
        let refused = upload(&women, "kh.pdf", PDF).await.unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "only the issuer's planners attach");
        let bad = upload(&planner, "chay.exe", b"MZ\x90\x00").await.unwrap();
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = bad.json().await.unwrap();
        assert_eq!(body["violations"][0]["field"], "file", "{body}");
        let created = upload(&planner, "Kế hoạch 301.pdf", PDF).await.unwrap();
        assert_eq!(created.status(), StatusCode::CREATED);
        let document: Value = created.json().await.unwrap();
        assert_eq!((document["file_name"].as_str(), document["description"].as_str(), document["withdrawn"].as_bool()), (Some("Kế hoạch 301.pdf"), Some("Bản ký số"), Some(false)));
        let id = document["id"].clone();

        // Everyone who reads the programme lists and downloads it, byte for byte.
        let listed = women.get(&format!("/api/v1/plans/{own}/documents")).await;
        assert_eq!((listed["documents"].as_array().unwrap().len(), listed["may_edit"].as_bool()), (1, Some(false)));
        let file = women.http.get(format!("{}/api/v1/plans/{own}/documents/{id}", women.base)).send().await.unwrap();
        assert_eq!(file.status(), StatusCode::OK);
        assert_eq!(file.headers()["content-type"], "application/pdf");
        assert!(file.headers()["content-disposition"].to_str().unwrap().contains("UTF-8''K%E1%BA%BF"), "the name kept in UTF-8");
        assert_eq!(file.bytes().await.unwrap().as_ref(), PDF);
        let page = women.page(&format!("/plans/{own}")).await;
        assert!(page.contains("Kế hoạch 301.pdf") && !page.contains("id=\"document-upload\""), "listed, no upload form for readers");

        // Withdrawn by the issuer: still listed, no longer served.
        let (status, _) = women.send("POST", &format!("/api/v1/plans/{own}/documents/{id}/withdraw"), None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, withdrawn) = planner.send("POST", &format!("/api/v1/plans/{own}/documents/{id}/withdraw"), None).await;
        assert_eq!((status, withdrawn["withdrawn"].as_bool()), (StatusCode::OK, Some(true)));
        let gone = women.http.get(format!("{}/api/v1/plans/{own}/documents/{id}", women.base)).send().await.unwrap();
        assert_eq!(gone.status(), StatusCode::GONE);
        let history = planner.get(&format!("/api/v1/plans/{own}/history")).await;
        let kinds: Vec<(&str, &str)> = history.as_array().unwrap().iter().filter(|c| c["record_kind"] == "plan_document").map(|c| (c["action"].as_str().unwrap(), c["after"]["file_name"].as_str().unwrap())).collect();
        assert_eq!(kinds, [("attach", "Kế hoạch 301.pdf"), ("withdraw", "Kế hoạch 301.pdf")]);
        let (status, _) = planner.send("GET", "/api/v1/plans/999999/documents", None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // The page's forms: a refused file named on the plan page with the description kept;
        // a withdrawal asks for its confirmation first.
        let page_upload = |name: &str, bytes: &'static [u8]| {
            let form = reqwest::multipart::Form::new()
                .text("csrf", planner.csrf.clone())
                .text("description", "Phụ lục chỉ tiêu")
                .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()));
            planner.http.post(format!("{}/plans/{own}/documents", planner.base)).multipart(form).send()
        };
        let refused = page_upload("chay.exe", b"MZ\x90\x00").await.unwrap();
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = refused.text().await.unwrap();
        assert!(html.contains("id=\"form-errors\"") && html.contains("value=\"Phụ lục chỉ tiêu\""), "named, and the description kept");
        let kept = page_upload("phu-luc.pdf", PDF).await.unwrap();
        assert_eq!(kept.status(), StatusCode::SEE_OTHER);
        let listed = planner.get(&format!("/api/v1/plans/{own}/documents")).await;
        let second = listed["documents"].as_array().unwrap().iter().find(|d| d["file_name"] == "phu-luc.pdf").unwrap()["id"].clone();
        let unconfirmed = planner.http.post(format!("{}/plans/{own}/documents/{second}/withdraw", planner.base)).form(&[("csrf", planner.csrf.as_str())]).send().await.unwrap();
        assert_eq!(unconfirmed.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(unconfirmed.text().await.unwrap().contains("xác nhận"));
        let confirmed = planner.http.post(format!("{}/plans/{own}/documents/{second}/withdraw", planner.base)).form(&[("csrf", planner.csrf.as_str()), ("confirm", "yes")]).send().await.unwrap();
        assert_eq!(confirmed.status(), StatusCode::SEE_OTHER);
        server.stop().await;
    }

    async fn a_plans_activities_are_counted_by_place_as_the_list_holds_them(store) {
        store.load_demo().await.unwrap();
        let settings = ServerSettings { demo_mode: true, national_agencies: vec![haven_store::demo::NATIONAL_AGENCY.into()], ..common::settings() };
        let server = TestServer::start(store.clone(), settings).await;
        let planner = Demo::login(&server, "planner").await;
        let plans = planner.get("/api/v1/plans").await;
        for summary in plans.as_array().unwrap() {
            let plan = planner.get(&format!("/api/v1/plans/{}", summary["id"])).await;
            let (first, last) = (plan["first_year"].as_i64().unwrap(), plan["last_year"].as_i64().unwrap());
            let area = plan["area_code"].as_str().unwrap();
            let listed = planner.get(&format!("/api/v1/activities?area={area}&from={first}-01-01&to={last}-12-31&limit=200")).await;
            let places = plan["places"].as_array().unwrap();
            let counted: u64 = places.iter().map(|p| ["communication", "training", "meetings", "inspections"].iter().map(|k| p[k].as_u64().unwrap()).sum::<u64>()).sum();
            assert_eq!(counted, listed["total"].as_u64().unwrap(), "plan {}: every activity of its area and years, once", plan["number"]);
            // Each place's own list holds what its line counts.
            for place in places {
                let code = place["unit_id"].as_str().unwrap().trim_start_matches("2025/");
                let own = planner.get(&format!("/api/v1/activities?area={code}&kind=communication&from={first}-01-01&to={last}-12-31&limit=200")).await;
                let exact: u64 = own["items"].as_array().unwrap().iter().filter(|a| area == "VN" || a["unit_id"] == place["unit_id"]).count() as u64;
                assert_eq!(place["communication"].as_u64().unwrap(), exact, "{place}");
            }
            if area == "01" {
                assert!(!places.is_empty(), "Hà Nội's demo plan has activities in its communes");
                let page = planner.page(&format!("/plans/{}", summary["id"])).await;
                assert!(page.contains("id=\"plan-places\""), "the plan page shows them by place");
                // Each place's link opens the list of that place's activities only.
                let commune = places.iter().find(|p| p["unit_id"].as_str().unwrap().matches('/').count() == 2).expect("a commune's line");
                let unit = commune["unit_id"].as_str().unwrap();
                let link = format!("/activities?province=2025/01&amp;commune={unit}&amp;from={first}-01-01&amp;to={last}-12-31");
                assert!(page.contains(&link), "{link}");
                let listed = planner.page(&link.replace("&amp;", "&")).await;
                let total: u64 = ["communication", "training", "meetings", "inspections"].iter().map(|k| commune[k].as_u64().unwrap()).sum();
                assert!(listed.contains(&format!("Có {total} hoạt động")) && listed.contains("id=\"commune-filter\""), "the list holds the place's {total}");
            }
        }
        server.stop().await;
    }

    async fn two_planners_correcting_one_target_never_overwrite_each_other(store) {
        store.load_demo().await.unwrap();
        let settings = ServerSettings { demo_mode: true, national_agencies: vec![haven_store::demo::NATIONAL_AGENCY.into()], ..common::settings() };
        let server = TestServer::start(store.clone(), settings).await;
        let first = Demo::login(&server, "planner").await;
        let second = Demo::login(&server, "planner").await;
        let plans = first.get("/api/v1/plans").await;
        let own = plans.as_array().unwrap().iter().find(|p| p["issuer"]["code"] == "HNI-SYT").unwrap()["id"].clone();
        let plan = first.get(&format!("/api/v1/plans/{own}")).await;
        let target = plan["targets"].as_array().unwrap().iter().find(|t| t["source"]["kind"] == "activities").unwrap().clone();
        let (id, version) = (target["id"].clone(), target["version"].as_i64().unwrap());
        let form = |agent: &Demo, definition: &str| -> Vec<(String, String)> {
            vec![
                ("csrf".into(), agent.csrf.clone()), ("version".into(), version.to_string()),
                ("definition".into(), definition.into()), ("unit".into(), target["unit"].as_str().unwrap().into()),
                ("direction".into(), target["direction"].as_str().unwrap().into()), ("source_kind".into(), "activities".into()),
                ("measure".into(), target["source"]["measure"].as_str().unwrap().into()),
                ("of".into(), target["source"]["of"].as_i64().map(|o| o.to_string()).unwrap_or_default()),
                ("whole_period".into(), target["whole_period"].as_i64().map(|o| o.to_string()).unwrap_or_default()),
            ]
            .into_iter()
            .chain(target["yearly"].as_array().unwrap().iter().map(|y| (format!("yearly_{}", y["year"]), y["value"].to_string())))
            .collect()
        };
        let url = |agent: &Demo| format!("{}/plans/{own}/targets/{id}", agent.base);
        let saved = first.http.post(url(&first)).form(&form(&first, "Bản của cán bộ A")).send().await.unwrap();
        let status = saved.status();
        let text = saved.text().await.unwrap();
        let errors = text.split("form-errors").nth(1).unwrap_or("").chars().take(600).collect::<String>();
        assert_eq!(status, StatusCode::SEE_OTHER, "{errors}");
        let refused = second.http.post(url(&second)).form(&form(&second, "Bản của cán bộ B")).send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = refused.text().await.unwrap();
        assert!(html.contains("id=\"unsaved-text\"") && html.contains("Bản của cán bộ B"), "what B typed stays in sight");
        assert!(html.contains("value=\"Bản của cán bộ A\""), "the form holds what A saved");
        assert!(html.contains(&format!("name=\"version\" value=\"{}\"", version + 1)), "on the version saved now");
        let kept = first.get(&format!("/api/v1/plans/{own}")).await;
        let now = kept["targets"].as_array().unwrap().iter().find(|t| t["id"] == id).unwrap().clone();
        assert_eq!(now["definition"], "Bản của cán bộ A", "nothing was overwritten");
        server.stop().await;
    }
}
