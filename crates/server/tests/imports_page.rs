//! Importing a list from the page, over HTTP on both databases: the file
//! kept as an import of the uploader's agency, its columns proposed and
//! confirmed on the version seen, the check with the row that may be a
//! person Haven knows, the import refused until that row is decided (and
//! a link only to a person offered), then written in the background; the
//! cases are there, the link opened for the known person, the columns
//! remembered for the next file of that shape, and the same file again
//! creates nothing. Another agency finds no such import; a role that does
//! not open cases is refused.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

mod common;

use common::{Agent, TestServer};
use haven_domain::role::Role;
use haven_testkit::fixtures::{add_user, person, reception, seed_org, today};
use reqwest::StatusCode;

/// A list with a header the import does not know ("Tên"), a row with an
/// impossible date (and a formula for a place), a row for a woman the commune already received, and
/// a row received in the future (refused by the store's own check, so
/// reported by the check, not found when writing).
const LIST: &str = "Tên;Năm sinh;Quê quán;Ngày tiếp nhận;Hình thức trở về\n\
Giả Lập Thị Mới;2001;Lào Cai;06/03/2021;Tự trở về\n\
Giả Lập Thị Đã Có;1999;;07/03/2021;Tự trở về\n\
Giả Lập Thị Sai;2000;=1+1;31/02/2021;Tự trở về\n\
Giả Lập Thị Sau;2000;;15/12/2030;Tự trở về\n";

async fn upload(agent: &Agent, name: &str, content: &[u8]) -> reqwest::Response {
    let form = reqwest::multipart::Form::new()
        .text("csrf", agent.csrf.clone())
        .part(
            "file",
            reqwest::multipart::Part::bytes(content.to_vec()).file_name(name.to_owned()),
        );
    agent
        .http
        .post(format!("{}/admin/import", agent.base))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn page(agent: &Agent, path: &str) -> (StatusCode, String) {
    let r = agent
        .http
        .get(format!("{}{path}", agent.base))
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

async fn post(agent: &Agent, path: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let mut form: Vec<(String, String)> = vec![("csrf".into(), agent.csrf.clone())];
    form.extend(
        fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    let r = agent
        .http
        .post(format!("{}{path}", agent.base))
        .form(&form)
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

fn version_in(html: &str) -> String {
    let at = html.find("name=\"version\" value=\"").unwrap() + "name=\"version\" value=\"".len();
    html[at..].split('"').next().unwrap().to_owned()
}

/// Waits for the background import to end; the page says so.
async fn finished(agent: &Agent, path: &str) -> String {
    for _ in 0..100 {
        let (_, html) = page(agent, path).await;
        if html.contains("id=\"outcome\"") {
            return html;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the import did not finish")
}

fn count_in(html: &str, id: &str) -> String {
    let marker = format!("id=\"{id}\">");
    let at = html.find(&marker).unwrap_or_else(|| panic!("no #{id}")) + marker.len();
    html[at..].split('<').next().unwrap().to_owned()
}

haven_testkit::backend_tests! {
    async fn a_list_is_checked_decided_and_imported_from_the_page(store) {
        let org = seed_org(&store).await;
        let known = store.open_case(org.commune, &person("Giả Lập Thị Đã Có", 1999), &reception("self_return", chrono::NaiveDate::from_ymd_opt(2020, 1, 4).unwrap()), today()).await.unwrap();
        add_user(&store, "statistician", "HNI-SYT", Role::Statistician).await;
        let server = TestServer::start(store.clone(), common::settings()).await;
        let commune = Agent::login(&server, "commune").await;

        // A file that is no list is refused, naming the file.
        let refused = upload(&commune, "bien-ban.pdf", b"%PDF-1.4").await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.text().await.unwrap().contains("Chỉ nhận tệp XLSX, XLS, ODS hoặc CSV"));

        // Headers and no one under them: nothing to import, said at once.
        let empty = upload(&commune, "tieu-de.csv", "Họ và tên;Ngày tiếp nhận;Hình thức trở về\n".as_bytes()).await;
        assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(empty.text().await.unwrap().contains("không có người nào để nhập"));

        let sent = upload(&commune, "danh-sach-2021.csv", LIST.as_bytes()).await;
        assert_eq!(sent.status(), StatusCode::SEE_OTHER);
        let path = sent.headers()["location"].to_str().unwrap().to_owned();
        assert!(path.starts_with("/admin/import/"), "{path}");
        let (status, html) = page(&commune, &path).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Haven đoán các cột theo tiêu đề"), "recognised, not saved");
        assert!(html.contains("Ví dụ: Giả Lập Thị Mới"), "samples under each column");
        let version = version_in(&html);

        // A choice the form never offered is refused, naming its column.
        let (status, html) = post(&commune, &format!("{path}/columns"), &[("version", &version), ("column-0", "password_hash"), ("column-1", "birth_year"), ("column-2", "home_place"), ("column-3", "received_on"), ("column-4", "channel")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("không có trong danh sách các thông tin Haven nhận"), "{html}");
        assert!(page(&commune, "/admin/import/abc").await.0.is_client_error());
        // The unknown header left unmapped: the required name is missing.
        let (status, html) = post(&commune, &format!("{path}/columns"), &[("version", &version), ("column-0", ""), ("column-1", "birth_year"), ("column-2", "home_place"), ("column-3", "received_on"), ("column-4", "channel")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("Chưa có cột nào cho thông tin bắt buộc «Họ và tên»"), "{html}");
        let (status, _) = post(&commune, &format!("{path}/columns"), &[("version", "0"), ("column-0", "full_name"), ("column-1", "birth_year"), ("column-2", "home_place"), ("column-3", "received_on"), ("column-4", "channel")]).await;
        assert_eq!(status, StatusCode::CONFLICT, "an old page's columns are not taken");
        let (status, _) = post(&commune, &format!("{path}/columns"), &[("version", &version), ("column-0", "full_name"), ("column-1", "birth_year"), ("column-2", "home_place"), ("column-3", "received_on"), ("column-4", "channel")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);

        let (_, html) = page(&commune, &path).await;
        assert_eq!(count_in(&html, "rows-read"), "4");
        assert_eq!(count_in(&html, "rows-ready"), "2");
        assert_eq!(count_in(&html, "rows-problems"), "2");
        assert!(html.contains("Ngày tiếp nhận không thể ở tương lai") && html.contains("1 dòng: 5"), "the future reception, by its line: {html}");
        assert_eq!(count_in(&html, "rows-duplicates"), "1");
        assert!(html.contains("1 dòng: 4"), "the impossible date, by its line: {html}");
        assert!(html.contains(&known.case_number), "the known person's case, which the commune may open");
        assert!(!html.contains("checked"), "no decision is made for the user");
        let version = version_in(&html);

        // The rows with problems, to put right: the file's columns and what is wrong.
        let download = commune.http.get(server.url(&format!("{path}/problems.csv"))).send().await.unwrap();
        assert_eq!(download.status(), StatusCode::OK);
        let text = download.text().await.unwrap();
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines.len(), 3, "the header and the two rows with problems: {text}");
        assert!(lines[0].starts_with("Dòng,Tên,Năm sinh") && lines[0].ends_with(",Lỗi"), "{}", lines[0]);
        assert!(lines[1].starts_with("4,Giả Lập Thị Sai") && lines[2].starts_with("5,Giả Lập Thị Sau"), "{text}");
        assert!(lines[1].contains(",'=1+1,"), "a cell given back cannot run as a formula: {text}");
        assert!(lines[2].contains("Ngày tiếp nhận: Ngày tiếp nhận không thể ở tương lai"), "{text}");

        // Not decided: refused, naming the line.
        let (status, html) = post(&commune, &format!("{path}/start"), &[("version", &version), ("confirm", "yes")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("Dòng 3: hãy chọn"), "{html}");
        // A person the search did not offer cannot be linked.
        let (status, html) = post(&commune, &format!("{path}/start"), &[("version", &version), ("confirm", "yes"), ("decision-3", "link:999999")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("không nằm trong những người được đề xuất"), "{html}");
        // Unconfirmed: refused, nothing started.
        let link = format!("link:{}", known.person_id);
        let (status, _) = post(&commune, &format!("{path}/start"), &[("version", &version), ("decision-3", &link)]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

        // Another agency finds no such import; a statistician may not import.
        let police = Agent::login(&server, "police").await;
        assert_eq!(page(&police, &path).await.0, StatusCode::NOT_FOUND);
        assert_eq!(page(&police, &format!("{path}/problems.csv")).await.0, StatusCode::NOT_FOUND);
        assert_eq!(post(&police, &format!("{path}/start"), &[("version", &version), ("confirm", "yes"), ("decision-3", &link)]).await.0, StatusCode::NOT_FOUND);
        let statistician = Agent::login(&server, "statistician").await;
        assert_eq!(page(&statistician, "/admin/import").await.0, StatusCode::FORBIDDEN);
        assert_eq!(page(&statistician, &path).await.0, StatusCode::FORBIDDEN);

        let (status, _) = post(&commune, &format!("{path}/start"), &[("version", &version), ("confirm", "yes"), ("remember", "yes"), ("decision-3", &link)]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        // The same form sent again: the import has started, and says so.
        let (status, html) = post(&commune, &format!("{path}/start"), &[("version", &version), ("confirm", "yes"), ("decision-3", &link)]).await;
        assert!(status.is_client_error(), "{status}");
        assert!(html.contains("đã bắt đầu hoặc đã xong"), "{html}");
        let html = finished(&commune, &path).await;
        assert_eq!((count_in(&html, "created"), count_in(&html, "linked"), count_in(&html, "skipped")), ("2".into(), "1".into(), "0".into()));
        let cases = store.list_cases(org.commune.agency_id, &haven_store::cases::CaseQuery { limit: 50, ..Default::default() }).await.unwrap();
        assert_eq!(cases.total, 3, "the case received before and the two imported");
        let mut of_known = 0;
        for item in &cases.items {
            if store.case_by_number(&item.case_number).await.unwrap().unwrap().person_id == known.person_id {
                of_known += 1;
            }
        }
        assert_eq!(of_known, 2, "the linked row opened a case for the person known, no new person");

        // The same shape again: its columns come as saved, and nothing new is created.
        let again = upload(&commune, "danh-sach-2021 (2).csv", LIST.as_bytes()).await;
        let again_path = again.headers()["location"].to_str().unwrap().to_owned();
        let (_, html) = page(&commune, &again_path).await;
        assert!(html.contains("Các cột được điền theo lần trước"), "the saved columns are proposed");
        let (status, _) = post(&commune, &format!("{again_path}/columns"), &[("version", &version_in(&html)), ("column-0", "full_name"), ("column-1", "birth_year"), ("column-2", "home_place"), ("column-3", "received_on"), ("column-4", "channel")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, html) = page(&commune, &again_path).await;
        assert_eq!(count_in(&html, "rows-before"), "2");
        assert_eq!(count_in(&html, "rows-duplicates"), "0", "rows imported before are not asked about again");
        let (status, _) = post(&commune, &format!("{again_path}/start"), &[("version", &version_in(&html)), ("confirm", "yes")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let html = finished(&commune, &again_path).await;
        assert_eq!((count_in(&html, "created"), count_in(&html, "already")), ("0".into(), "2".into()));
        assert_eq!(store.list_cases(org.commune.agency_id, &haven_store::cases::CaseQuery { limit: 50, ..Default::default() }).await.unwrap().total, 3);

        // The template reads back as a list whose columns are all known.
        let template = commune.http.get(server.url("/admin/import/template.xlsx")).send().await.unwrap();
        assert_eq!(template.status(), StatusCode::OK);
        let bytes = template.bytes().await.unwrap();
        let table = haven_server::imports::read_table("mau.xlsx", &bytes).unwrap();
        assert!(table.headers.iter().any(|h| h == "Họ và tên (*)"), "{:?}", table.headers);
        assert!(store.verify_histories().await.unwrap().is_empty());
    }

    async fn a_list_s_later_steps_are_checked_by_line_and_written_with_their_days(store) {
        let org = seed_org(&store).await;
        let server = TestServer::start(store.clone(), common::settings()).await;
        let commune = Agent::login(&server, "commune").await;
        // Line 2 records every step; line 3 names an agency Haven does not
        // know; line 4 was identified with no document; line 5 returned
        // home before she was received.
        let list = "Họ và tên;Ngày tiếp nhận;Hình thức trở về;Nước bị mua bán đến;Mục đích bị mua bán;Xác định là nạn nhân;Cơ quan xác định;Số văn bản xác định;Ngày văn bản xác định;Hỗ trợ đã nhận;Ngày hỗ trợ;Ngày về địa phương;Số biên bản bàn giao\n\
Giả Lập Thị Bước;05/03/2021;Tự trở về;Trung Quốc;bán làm vợ;Có;cong an thanh pho ha noi;15/GXN;20/03/2021;Y tế, tâm lý;01/04/2021;10/04/2021;BB-12\n\
Giả Lập Thị Lạ;05/03/2021;Tự trở về;;;Có;Công an xã Không Có;16/GXN;20/03/2021;;;;\n\
Giả Lập Thị Thiếu;05/03/2021;Tự trở về;;;Có;Công an Thành phố Hà Nội;;20/03/2021;;;;\n\
Giả Lập Thị Sớm;05/03/2021;Tự trở về;;;;;;;;;01/03/2021;BB-13\n";
        let sent = upload(&commune, "buoc.csv", list.as_bytes()).await;
        assert_eq!(sent.status(), StatusCode::SEE_OTHER);
        let path = sent.headers()["location"].to_str().unwrap().to_owned();
        let (_, html) = page(&commune, &path).await;
        let fields: Vec<(String, String)> = [
            "full_name", "received_on", "channel", "destination_country", "purposes", "identified",
            "identified_by", "identification_document", "identified_on", "services", "supported_on",
            "returned_home_on", "handover_record",
        ]
        .iter()
        .enumerate()
        .map(|(i, c)| (format!("column-{i}"), (*c).to_owned()))
        .chain([("version".to_owned(), version_in(&html))])
        .collect();
        let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let (status, _) = post(&commune, &format!("{path}/columns"), &borrowed).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, html) = page(&commune, &path).await;
        assert_eq!(count_in(&html, "rows-ready"), "1", "{html}");
        assert_eq!(count_in(&html, "rows-problems"), "3");
        assert_eq!(count_in(&html, "steps-ready"), "6", "details, identification, two services, family contact, return");
        assert!(html.contains("Không có cơ quan «Công an xã Không Có»"), "{html}");
        assert!(html.contains("số văn bản xác định"), "the missing document, by the journey's rule: {html}");
        assert!(html.contains("«Ngày về địa phương» không thể trước ngày tiếp nhận"), "the early return, named by its column: {html}");
        assert!(!html.contains("id=\"destination-not-kept\""), "with purposes, the country is kept");

        let (status, _) = post(&commune, &format!("{path}/start"), &[("version", &version_in(&html)), ("confirm", "yes")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let html = finished(&commune, &path).await;
        assert_eq!(count_in(&html, "created"), "1");
        let cases = store.list_cases(org.commune.agency_id, &haven_store::cases::CaseQuery { limit: 50, ..Default::default() }).await.unwrap();
        let number = &cases.items[0].case_number;
        let history = store.case_history(number).await.unwrap();
        let commands: Vec<&str> = history.iter().map(|e| e.command.as_str()).collect();
        assert_eq!(commands, vec!["receive", "record_trafficking", "record_identification", "record_service", "record_service", "record_family_contact", "record_return"]);
        assert_eq!(history[1].payload["destination_country"], "CN");
        assert_eq!(history[2].payload["deciding_agency_id"], org.police.agency_id);
        assert_eq!(history[6].payload["handover_record"], "BB-12");
        assert!(history[1..].iter().all(|e| e.reason.as_deref() == Some("Nhập từ danh sách «buoc.csv», dòng 2")));
        // The case page shows the steps in its history.
        let (status, html) = page(&commune, &format!("/cases/{number}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Nhập từ danh sách «buoc.csv», dòng 2"), "each step shows where it came from");
        assert!(html.contains("Trung Quốc") && !html.contains(">CN<"), "the country by its name, not its code");
        assert!(store.verify_histories().await.unwrap().is_empty());
    }
}
