//! The client, generic over the operation: a made-up `Echo` operation sent
//! through a transport that records requests (the default transport's
//! loopback tests are in `loopback.rs`).
#![cfg(feature = "client")]

mod support;

use runtime::client::{CallErrorKind, Client, RequestError};
use runtime::config::Config;
use runtime::credentials::{Credentials, CredentialsErrorKind};
use support::{EchoOutput, Recorder, SERVICE, client, echo};

#[test]
fn a_call_is_resolved_signed_sent_and_read() {
    let transport = Recorder::answering(200, "hello");
    let output = client(Some("us-east-1"), transport.clone())
        .send(echo("x"))
        .unwrap();
    assert_eq!(
        output,
        EchoOutput {
            body: "hello".to_owned()
        }
    );
    let sent = transport.sent();
    assert_eq!(sent.len(), 1);
    let request = &sent[0];
    assert_eq!(request.url(), "https://echo.us-east-1.amazonaws.com/");
    assert_eq!(request.body, b"Action=Echo&Name=x");
    assert_eq!(request.header("X-Amz-Date"), Some("20150830T123600Z"));
    assert_eq!(request.header("X-Amz-Security-Token"), Some("TOKEN"));
    let authorization = request.header("Authorization").unwrap();
    assert!(
        authorization.starts_with(
            "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/echo/aws4_request, \
             SignedHeaders=content-length;content-type;host;x-amz-date;x-amz-security-token;x-amz-user-agent, Signature="
        ),
        "{authorization}"
    );
}

#[test]
fn the_endpoint_can_choose_the_signing_name_and_region_and_add_headers() {
    let transport = Recorder::answering(200, "");
    client(Some("elsewhere"), transport.clone())
        .send(echo("x"))
        .unwrap();
    let request = &transport.sent()[0];
    assert_eq!(request.header("x-endpoint-header"), Some("a,b"));
    let authorization = request.header("Authorization").unwrap();
    assert!(
        authorization.contains("/us-west-2/echo-override/aws4_request"),
        "{authorization}"
    );
    assert!(
        authorization.contains("x-endpoint-header"),
        "endpoint headers are signed: {authorization}"
    );
}

#[test]
fn an_endpoint_url_overrides_the_rules() {
    let transport = Recorder::answering(200, "");
    let config = Config::builder()
        .region("eu-west-1")
        .endpoint_url("http://127.0.0.1:5000")
        .credentials(Credentials::new("AKID", "SECRET", None))
        .transport(transport.clone())
        .build();
    let client = Client::for_service(&SERVICE, config);
    assert_eq!(
        format!("{:?}", client.endpoint_url().unwrap()),
        "http://127.0.0.1:5000 (set in code)"
    );
    client.send(echo("x")).unwrap();
    let request = &transport.sent()[0];
    assert_eq!(request.url(), "http://127.0.0.1:5000/");
    assert_eq!(request.header("X-Amz-Security-Token"), None);
}

#[test]
fn each_failure_is_its_own_error_and_says_what_happened() {
    // No region: the rule set's own error.
    let error = client(None, Recorder::answering(200, ""))
        .send(echo("x"))
        .unwrap_err();
    assert!(
        matches!(error.kind(), CallErrorKind::Endpoint(_)),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "Echo failed: no endpoint for this configuration: Invalid Configuration: Missing Region"
    );

    // An endpoint but no region to sign for.
    let config = Config::builder()
        .endpoint_url("http://localhost:1")
        .credentials(Credentials::new("AKID", "SECRET", None))
        .build();
    let error = Client::for_service(&SERVICE, config)
        .send(echo("x"))
        .unwrap_err();
    assert!(
        matches!(error.kind(), CallErrorKind::Request(RequestError::NoRegion)),
        "{error:?}"
    );
    assert!(error.to_string().contains("AWS_REGION"), "{error}");

    // No credentials: every source tried is named.
    let config = Config::from_environment(runtime::env::Environment::from_vars([
        ("AWS_REGION", "us-east-1"),
        ("HOME", "/nowhere"),
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ]))
    .unwrap();
    let config_with_transport = config;
    let error = Client::for_service(&SERVICE, config_with_transport)
        .send(echo("x"))
        .unwrap_err();
    let CallErrorKind::Credentials(credentials_error) = error.kind() else {
        panic!("{error:?}");
    };
    assert_eq!(credentials_error.kind(), CredentialsErrorKind::NotFound);
    let text = error.to_string();
    assert!(
        text.starts_with("Echo failed: no credentials to sign with"),
        "{text}"
    );
    assert!(
        text.contains("environment: AWS_ACCESS_KEY_ID") && text.contains("profile `default`"),
        "{text}"
    );
}

#[test]
fn the_services_error_is_read_with_its_code_message_and_request_id() {
    let body = "<Response><Errors><Error><Code>InvalidNetworkInterfaceID.NotFound</Code>\
                <Message>The networkInterface ID 'eni-1' does not exist</Message></Error></Errors>\
                <RequestID>req-42</RequestID></Response>";
    let error = client(Some("us-east-1"), Recorder::answering(400, body))
        .send(echo("x"))
        .unwrap_err();
    assert_eq!(error.code(), Some("InvalidNetworkInterfaceID.NotFound"));
    assert_eq!(
        error.message(),
        Some("The networkInterface ID 'eni-1' does not exist")
    );
    assert_eq!(error.request_id(), Some("req-42"));
    assert!(!error.is_dry_run_success());
    assert_eq!(
        error.to_string(),
        "Echo failed: InvalidNetworkInterfaceID.NotFound: The networkInterface ID 'eni-1' does not \
         exist (HTTP 400, request id req-42)"
    );

    let dry_run = "<Response><Errors><Error><Code>DryRunOperation</Code>\
                   <Message>Request would have succeeded, but DryRun flag is set.</Message></Error></Errors>\
                   <RequestID>r</RequestID></Response>";
    let error = client(Some("us-east-1"), Recorder::answering(412, dry_run))
        .send(echo("x"))
        .unwrap_err();
    assert!(error.is_dry_run_success());
}
