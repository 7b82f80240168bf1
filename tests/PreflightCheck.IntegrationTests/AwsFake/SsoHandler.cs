using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace PreflightCheck.IntegrationTests.AwsFake;

/// <summary>Role credentials the portal handed out, and the identity STS reports for them.</summary>
internal sealed record SsoIssued(string AccessKeyId, string SecretAccessKey, string SessionToken, string CallerArn);

/// <summary>
/// The IAM Identity Center portal API (botocore's "sso" model, rest-json): GetRoleCredentials is
/// <c>GET /federation/credentials?role_name=R&amp;account_id=A</c> with the cached access token in
/// <c>x-amz-sso_bearer_token</c>, no SigV4. Tests grant tokens; the keys it issues are remembered so STS can answer
/// their caller identity and, with <see cref="OnlyIssuedKeys"/>, every other access key is refused.
/// </summary>
internal sealed class SsoHandler : IAwsProtocolHandler
{
    public const string Service = "sso";

    public const string CredentialsPath = "/federation/credentials";

    private readonly ConcurrentDictionary<string, (string Account, string Role, string User)> _grants = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SsoIssued> _issued = new(StringComparer.Ordinal);

    /// <summary>When set, signed calls to the other services must use keys (and session tokens) this portal issued.</summary>
    public bool OnlyIssuedKeys { get; set; }

    public IReadOnlyCollection<SsoIssued> Issued => _issued.Values.ToArray();

    /// <summary>Lets <paramref name="accessToken"/> (as <c>aws sso login</c> caches it) fetch the role in the account.</summary>
    public void Grant(string accessToken, string accountId, string roleName, string userName) =>
        _grants[accessToken] = (accountId, roleName, userName);

    /// <summary>Keys from elsewhere (credential_process, static keys) that <see cref="OnlyIssuedKeys"/> still lets in.</summary>
    public void Accept(string accessKeyId, string? sessionToken, string callerArn) =>
        _issued[accessKeyId] = new SsoIssued(accessKeyId, "", sessionToken ?? "", callerArn);

    public string? CallerArnOf(string accessKeyId) => _issued.TryGetValue(accessKeyId, out var issued) ? issued.CallerArn : null;

    public bool Admits(string accessKeyId, string? sessionToken) =>
        !OnlyIssuedKeys || (_issued.TryGetValue(accessKeyId, out var issued) && (issued.SessionToken.Length == 0 || issued.SessionToken == sessionToken));

    public Task<AwsRequest> ParseAsync(HttpContext context)
    {
        if (context.Request.Method != "GET" || context.Request.Path.Value != CredentialsPath)
        {
            throw new AwsError(404, "UnknownOperationException", "Unknown operation");
        }

        // The bearer token is a header, so it stays out of the recorded parameters.
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["role_name"] = context.Request.Query["role_name"].ToString(),
            ["account_id"] = context.Request.Query["account_id"].ToString(),
        };
        return Task.FromResult(new AwsRequest("GetRoleCredentials", parameters));
    }

    public async Task ExecuteAsync(HttpContext context, AwsRequest request)
    {
        var token = context.Request.Headers["x-amz-sso_bearer_token"].ToString();
        if (string.IsNullOrEmpty(request.Parameters["role_name"]) || string.IsNullOrEmpty(request.Parameters["account_id"]) || token.Length == 0)
        {
            throw new AwsError(400, "InvalidRequestException", "role_name, account_id and x-amz-sso_bearer_token are required");
        }

        if (!_grants.TryGetValue(token, out var grant))
        {
            throw new AwsError(401, "UnauthorizedException", "Session token not found or invalid");
        }

        if (grant.Account != request.Parameters["account_id"] || grant.Role != request.Parameters["role_name"])
        {
            throw new AwsError(403, "ForbiddenException", "No access");
        }

        var issued = new SsoIssued(
            "ASIA" + Random(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
            Random(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"),
            "IQoJb3JpZ2luX2VjE" + Random(300, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"),
            $"arn:aws:sts::{grant.Account}:assumed-role/AWSReservedSSO_{grant.Role}_{Random(16, "0123456789abcdef")}/{grant.User}");
        _issued[issued.AccessKeyId] = issued;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            roleCredentials = new
            {
                accessKeyId = issued.AccessKeyId,
                secretAccessKey = issued.SecretAccessKey,
                sessionToken = issued.SessionToken,
                expiration = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds(),
            },
        }));
    }

    public async Task WriteErrorAsync(HttpContext context, AwsRequest? request, AwsError error)
    {
        context.Response.StatusCode = error.Status;
        context.Response.ContentType = "application/json";
        context.Response.Headers["x-amzn-ErrorType"] = error.Code;
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { message = error.Message }));
    }

    public AwsError FaultError(string kind, string operation) => kind switch
    {
        "throttle" => new AwsError(429, "TooManyRequestsException", "Rate exceeded"),
        "expiredToken" => new AwsError(401, "UnauthorizedException", "Session token not found or invalid"),
        _ => new AwsError(400, kind, "Injected fault"),
    };

    private static string Random(int length, string alphabet) => RandomNumberGenerator.GetString(alphabet, length);
}
