//! sea-orm entities: one file a table, named as the table.

pub mod access_log;
pub mod admin_unit;
pub mod admin_unit_successor;
pub mod agency;
pub mod api_token;
pub mod case;
pub mod case_agency;
pub mod case_history;
pub mod case_number_counter;
pub mod code_list_htcds;
pub mod code_list_item;
pub mod country;
pub mod emergency_grant;
pub mod ethnic_group;
pub mod facility;
pub mod facility_stay;
pub mod login_throttle;
pub mod notification;
pub mod person;
pub mod person_identity_number;
pub mod recovery_code;
pub mod role;
pub mod second_factor;
pub mod session;
pub mod user;
pub mod user_role;
