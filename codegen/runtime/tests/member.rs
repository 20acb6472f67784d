//! A setter's argument: the value, what converts to it, or an `Option`.

use std::borrow::Cow;
use std::time::{Duration, UNIX_EPOCH};

use runtime::datetime::DateTime;
use runtime::member::IntoMember;

fn member<T>(value: impl IntoMember<T>) -> Option<T> {
    value.into_member()
}

#[test]
fn a_value_sets_and_none_clears() {
    assert_eq!(member::<String>("eni-1"), Some("eni-1".to_owned()));
    assert_eq!(
        member::<String>(&"eni-2".to_owned()),
        Some("eni-2".to_owned())
    );
    assert_eq!(
        member::<String>(Box::<str>::from("eni-3")),
        Some("eni-3".to_owned())
    );
    assert_eq!(
        member::<String>(Cow::Borrowed("eni-4")),
        Some("eni-4".to_owned())
    );
    assert_eq!(
        member::<String>(Some("eni-5".to_owned())),
        Some("eni-5".to_owned())
    );
    assert_eq!(member::<String>(None), None);
    assert_eq!(member::<i64>(5), Some(5));
    assert_eq!(member::<bool>(None), None);
    assert_eq!(member::<Vec<u8>>(b"abc"), Some(b"abc".to_vec()));
    assert_eq!(member::<Vec<u8>>(&[1u8, 2][..]), Some(vec![1, 2]));
    let time = UNIX_EPOCH + Duration::from_secs(86_400);
    assert_eq!(member::<DateTime>(time), Some(DateTime::from(time)));
}
