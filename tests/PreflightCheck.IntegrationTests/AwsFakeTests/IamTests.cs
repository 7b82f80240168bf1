using System.Net;
using System.Xml.Linq;
using PreflightCheck.IntegrationTests.AwsFake;

namespace PreflightCheck.IntegrationTests.AwsFakeTests;

public sealed class IamTests
{
    private static readonly XNamespace Ns = "https://iam.amazonaws.com/doc/2010-05-08/";

    private static async Task<XElement> QueryAsync(AwsFakeServer server, string action, params (string, string)[] parameters)
    {
        using var http = SignedHttp.Client();
        using var response = await SignedHttp.QueryAsync(http, server, "iam", "2010-05-08", action, parameters);
        return XElement.Parse(await response.Content.ReadAsStringAsync());
    }

    private static async Task<List<XElement>> SimulateAsync(AwsFakeServer server, string principal, string action, string resource, string? passedToService = null)
    {
        var parameters = new List<(string, string)> { ("PolicySourceArn", principal), ("ActionNames.member.1", action), ("ResourceArns.member.1", resource) };
        if (passedToService is not null)
        {
            parameters.AddRange([
                ("ContextEntries.member.1.ContextKeyName", "iam:PassedToService"),
                ("ContextEntries.member.1.ContextKeyType", "string"),
                ("ContextEntries.member.1.ContextKeyValues.member.1", passedToService)]);
        }

        var root = await QueryAsync(server, "SimulatePrincipalPolicy", [.. parameters]);
        return [.. root.Descendants(Ns + "EvaluationResults").Elements(Ns + "member")];
    }

    private static string Decision(XElement result) => result.Element(Ns + "EvalDecision")!.Value;

    private static List<string> Matched(XElement result) =>
        [.. result.Element(Ns + "MatchedStatements")!.Elements(Ns + "member").Select(m => m.Element(Ns + "SourcePolicyId")!.Value)];

    [Fact]
    public async Task GetRole_WhenTheRoleExists_ReturnsTheTrustPolicyUrlEncodedAsIamDoes()
    {
        await using var server = await AwsFakeServer.StartAsync("healthy");

        var root = await QueryAsync(server, "GetRole", ("RoleName", "SageMakerExecution"));

        var role = root.Descendants(Ns + "Role").Single();
        Assert.Equal("arn:aws:iam::123456789012:role/service-role/SageMakerExecution", role.Element(Ns + "Arn")!.Value);
        var encoded = role.Element(Ns + "AssumeRolePolicyDocument")!.Value;
        Assert.StartsWith("%7B%22Version%22", encoded, StringComparison.Ordinal);
        Assert.Contains("\"Service\":\"sagemaker.amazonaws.com\"", Uri.UnescapeDataString(encoded), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetRole_WhenTheRoleIsMissing_ReturnsNoSuchEntity()
    {
        await using var server = await AwsFakeServer.StartAsync("broken");
        using var http = SignedHttp.Client();

        using var response = await SignedHttp.QueryAsync(http, server, "iam", "2010-05-08", "GetRole", ("RoleName", "DoesNotExist"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("<Code>NoSuchEntity</Code>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManagedPolicy_WhenListedThenRead_ReturnsTheDefaultVersionDocument()
    {
        await using var server = await AwsFakeServer.StartAsync("healthy");

        var attached = await QueryAsync(server, "ListAttachedRolePolicies", ("RoleName", "SageMakerExecution"));
        var arn = attached.Descendants(Ns + "PolicyArn").Single().Value;
        var policy = await QueryAsync(server, "GetPolicy", ("PolicyArn", arn));
        var version = policy.Descendants(Ns + "DefaultVersionId").Single().Value;
        var document = await QueryAsync(server, "GetPolicyVersion", ("PolicyArn", arn), ("VersionId", version));
        var inline = await QueryAsync(server, "ListRolePolicies", ("RoleName", "SageMakerExecution"));

        Assert.Equal("arn:aws:iam::aws:policy/AmazonSageMakerFullAccess", arn);
        Assert.Contains("*SageMaker*", Uri.UnescapeDataString(document.Descendants(Ns + "Document").Single().Value), StringComparison.Ordinal);
        Assert.Equal(["invoke-registry-credentials"], inline.Descendants(Ns + "PolicyNames").Elements().Select(e => e.Value));
    }

    [Fact]
    public async Task Simulate_WhenAnInlineStatementGrantsTheFunction_IsAllowedAndNamesThatPolicy()
    {
        await using var server = await AwsFakeServer.StartAsync("healthy");

        var result = Assert.Single(await SimulateAsync(server, "arn:aws:iam::123456789012:role/service-role/SageMakerExecution",
            "lambda:InvokeFunction", "arn:aws:lambda:us-east-1:123456789012:function:registry-credentials"));

        Assert.Equal("allowed", Decision(result));
        Assert.Equal(["invoke-registry-credentials"], Matched(result));
    }

    [Theory]
    [InlineData("SageMakerCredentials", "allowed")]
    [InlineData("my-sagemaker-creds", "allowed")]
    [InlineData("SAGEMAKER-creds", "implicitDeny")]
    [InlineData("registry-creds", "implicitDeny")]
    public async Task Simulate_WhenOnlyTheFullAccessPolicyApplies_MatchesTheFunctionNamePatternCaseSensitively(string function, string expected)
    {
        await using var server = await AwsFakeServer.StartAsync("healthy");

        var result = Assert.Single(await SimulateAsync(server, "arn:aws:iam::123456789012:role/service-role/SageMakerExecution",
            "lambda:InvokeFunction", $"arn:aws:lambda:us-east-1:123456789012:function:{function}"));

        Assert.Equal(expected, Decision(result));
        Assert.Equal(expected == "allowed" ? ["AmazonSageMakerFullAccess"] : [], Matched(result));
    }

    [Fact]
    public async Task Simulate_WhenADenyStatementMatches_ExplicitDenyWinsOverBroadAllow()
    {
        await using var server = await AwsFakeServer.StartAsync("broken");
        const string role = "arn:aws:iam::123456789012:role/BrokenExecution";

        var invoke = Assert.Single(await SimulateAsync(server, role, "lambda:InvokeFunction", "arn:aws:lambda:us-east-1:123456789012:function:registry-creds"));
        var eni = Assert.Single(await SimulateAsync(server, role, "ec2:CreateNetworkInterface", "*"));
        var describe = Assert.Single(await SimulateAsync(server, role, "ec2:DescribeSubnets", "*"));

        Assert.Equal(("explicitDeny", "deny-provider-and-enis"), (Decision(invoke), Assert.Single(Matched(invoke))));
        Assert.Equal("explicitDeny", Decision(eni));
        Assert.Equal("allowed", Decision(describe));
    }

    [Theory]
    [InlineData("sagemaker.amazonaws.com", "allowed")]
    [InlineData("ec2.amazonaws.com", "implicitDeny")]
    [InlineData(null, "implicitDeny")]
    public async Task Simulate_WhenPassRoleHasAPassedToServiceCondition_DependsOnTheContextEntry(string? service, string expected)
    {
        await using var server = await AwsFakeServer.StartAsync("healthy");

        var result = Assert.Single(await SimulateAsync(server, "arn:aws:iam::123456789012:user/deployer",
            "iam:PassRole", "arn:aws:iam::123456789012:role/service-role/SageMakerExecution", service));

        Assert.Equal(expected, Decision(result));
        var missing = result.Element(Ns + "MissingContextValues")!.Elements().Select(e => e.Value).ToList();
        Assert.Equal(service is null ? ["iam:PassedToService"] : [], missing);
    }

    [Fact]
    public async Task Simulate_WhenThePrincipalIsAnAssumedRoleSessionArn_RejectsItAsInvalidInput()
    {
        await using var server = await AwsFakeServer.StartAsync("healthy");
        using var http = SignedHttp.Client();

        using var response = await SignedHttp.QueryAsync(http, server, "iam", "2010-05-08", "SimulatePrincipalPolicy",
            ("PolicySourceArn", "arn:aws:sts::123456789012:assumed-role/SageMakerExecution/session"), ("ActionNames.member.1", "s3:GetObject"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<Code>InvalidInput</Code>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
