using Amazon;
using Amazon.Runtime;
using PreflightCheck.Collectors.Aws;

namespace PreflightCheck.Tests.Collectors.Aws;

/// <summary>
/// The Lambda, IAM and SageMaker adapters sign their own requests through AwsSession.Sign. These are cases of AWS's
/// published SigV4 test suite (aws-sig-v4-test-suite, as kept in awslabs/aws-c-auth tests/aws-signing-test-suite/v4),
/// so an AWSSDK.Core upgrade that changes what the signer produces fails here rather than at a real endpoint.
/// </summary>
public sealed class AwsSigV4VectorTests
{
    private const string AccessKey = "AKIDEXAMPLE";
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string Scope = "Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";
    private static readonly DateTime SignedAt = new(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc);

    // AWSSDK.Core's signer always signs x-amz-content-sha256, so the requests go through Sign with the suite's signed-body
    // cases (the form-encoded POST is what the IAM adapter sends).
    public static TheoryData<string, string, string> SignedBodyVectors => new()
    {
        { "post-x-www-form-urlencoded", "application/x-www-form-urlencoded",
            $"AWS4-HMAC-SHA256 {Scope}, SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date, Signature=d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b" },
        { "post-x-www-form-urlencoded-parameters", "application/x-www-form-urlencoded; charset=utf-8",
            $"AWS4-HMAC-SHA256 {Scope}, SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date, Signature=328d1b9eaadca9f5818ef05e8392801e091653bafec24fcab71e7344e7f51422" },
    };

    [Theory]
    [MemberData(nameof(SignedBodyVectors))]
    public void Sign_WhenGivenASuiteRequest_ProducesTheSuiteAuthorization(string vector, string contentType, string expected)
    {
        using var session = new AwsSession(RegionEndpoint.USEast1, new BasicAWSCredentials(AccessKey, SecretKey), new AwsAccessOptions("us-east-1"));
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = contentType, ["Content-Length"] = "13" };
        var call = new SignedCall(vector, "https://example.amazonaws.com", "service", "us-east-1", "POST", "/", headers,
            System.Text.Encoding.UTF8.GetBytes("Param1=value1"), static (_, _, _) => (null, null));

        using var message = session.Sign(call, new ImmutableCredentials(AccessKey, SecretKey, null), SignedAt);

        Assert.Equal(expected, string.Join(",", message.Headers.GetValues("Authorization")));
        Assert.Equal("20150830T123600Z", string.Join(",", message.Headers.GetValues("X-Amz-Date")));
    }

    // The unsigned-body cases: the suite's canonical request, signed by the same SDK signer's key derivation and HMAC.
    public static TheoryData<string, string, string> CanonicalVectors => new()
    {
        { "get-vanilla", "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + EmptyHash,
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31" },
        { "post-vanilla", "POST\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + EmptyHash,
            "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b" },
        { "get-vanilla-query-order-key-case", "GET\n/\nParam1=value1&Param2=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + EmptyHash,
            "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500" },
    };

    private const string EmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [Theory]
    [MemberData(nameof(CanonicalVectors))]
    public void ComputeSignature_WhenGivenASuiteCanonicalRequest_ProducesTheSuiteSignature(string vector, string canonicalRequest, string expected)
    {
        _ = vector; // names the case in the test output
        var result = Amazon.Runtime.Internal.Auth.AWS4Signer.ComputeSignature(AccessKey, SecretKey, "us-east-1", SignedAt, "service", "host;x-amz-date", canonicalRequest);

        Assert.Equal($"AWS4-HMAC-SHA256 {Scope}, SignedHeaders=host;x-amz-date, Signature={expected}", result.ForAuthorizationHeader);
    }

    [Fact]
    public void Sign_WhenTheSecretDiffers_DoesNotProduceTheSuiteSignature()
    {
        using var session = new AwsSession(RegionEndpoint.USEast1, new BasicAWSCredentials(AccessKey, SecretKey), new AwsAccessOptions("us-east-1"));
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = "application/x-www-form-urlencoded", ["Content-Length"] = "13" };
        var call = new SignedCall("post-x-www-form-urlencoded", "https://example.amazonaws.com", "service", "us-east-1", "POST", "/", headers,
            System.Text.Encoding.UTF8.GetBytes("Param1=value1"), static (_, _, _) => (null, null));

        using var message = session.Sign(call, new ImmutableCredentials(AccessKey, SecretKey + "x", null), SignedAt);

        Assert.DoesNotContain("d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b", string.Join(",", message.Headers.GetValues("Authorization")), StringComparison.Ordinal);
    }
}
