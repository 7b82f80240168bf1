using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Amazon.SSO;
using Amazon.SSO.Model;
using PreflightCheck.IntegrationTests.AwsFake;

namespace PreflightCheck.IntegrationTests.AwsFakeTests;

/// <summary>The fake's SSO portal through the SDK's own SSO client (the one AWSSDK.Core loads for SSO profiles).</summary>
public sealed class SsoTests
{
    private static AmazonSSOClient Portal(AwsFakeServer server) => new(new AnonymousAWSCredentials(), new AmazonSSOConfig
    {
        ServiceURL = server.Endpoint.ToString(),
        AuthenticationRegion = server.Scenario.Region,
        Timeout = TimeSpan.FromSeconds(10),
        MaxErrorRetry = 0,
    });

    [Fact]
    public async Task GetRoleCredentials_WhenTheTokenIsGranted_IssuesKeysWhoseCallerIsTheSsoRole()
    {
        await using var server = await AwsFakeServer.StartAsync("healthy");
        server.Sso.Grant("aoaGrantedTokenFromTheCache", "123456789012", "DeployerAccess", "jane.doe@example.com");
        using var portal = Portal(server);

        var answer = await portal.GetRoleCredentialsAsync(new GetRoleCredentialsRequest { AccessToken = "aoaGrantedTokenFromTheCache", AccountId = "123456789012", RoleName = "DeployerAccess" });
        var role = answer.RoleCredentials;
        using var sts = new AmazonSecurityTokenServiceClient(new SessionAWSCredentials(role.AccessKeyId, role.SecretAccessKey, role.SessionToken), new AmazonSecurityTokenServiceConfig
        {
            ServiceURL = server.Endpoint.ToString(),
            AuthenticationRegion = server.Scenario.Region,
            Timeout = TimeSpan.FromSeconds(10),
        });
        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.StartsWith("ASIA", role.AccessKeyId, StringComparison.Ordinal);
        Assert.InRange(DateTimeOffset.FromUnixTimeMilliseconds(role.Expiration!.Value), DateTimeOffset.UtcNow.AddMinutes(50), DateTimeOffset.UtcNow.AddMinutes(70));
        Assert.Matches("^arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_DeployerAccess_[0-9a-f]{16}/jane.doe@example.com$", identity.Arn);
        var call = Assert.Single(server.Calls, c => c.Service == "sso");
        Assert.DoesNotContain("aoaGrantedTokenFromTheCache", string.Join(",", call.Parameters.Values), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("aoaUnknownToken", "DeployerAccess", "UnauthorizedException")]
    [InlineData("aoaGrantedTokenFromTheCache", "AdministratorAccess", "ForbiddenException")]
    public async Task GetRoleCredentials_WhenTheTokenOrRoleIsNotGranted_AnswersTheSsoError(string token, string roleName, string code)
    {
        await using var server = await AwsFakeServer.StartAsync("healthy");
        server.Sso.Grant("aoaGrantedTokenFromTheCache", "123456789012", "DeployerAccess", "jane.doe@example.com");
        using var portal = Portal(server);

        var error = await Assert.ThrowsAnyAsync<AmazonSSOException>(() => portal.GetRoleCredentialsAsync(new GetRoleCredentialsRequest { AccessToken = token, AccountId = "123456789012", RoleName = roleName }));

        Assert.Equal(code, error.ErrorCode);
        Assert.Empty(server.Sso.Issued);
    }

    [Fact]
    public async Task SignedCall_WhenOnlyIssuedKeysAreAdmitted_RefusesOtherKeys()
    {
        await using var server = await AwsFakeServer.StartAsync("healthy");
        server.Sso.OnlyIssuedKeys = true;
        using var sts = FakeClients.Sts(server);

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        Assert.Equal("InvalidClientTokenId", error.ErrorCode);
    }
}
