using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Lambda;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Lambda;

public class LambdaEndpointRulesTests
{
    [Fact]
    public void InterfaceEndpoint_WhenVpcHasNoneAndNoNat_FailsAtTheProviderArn()
    {
        var noNat = MainTable with { Routes = [Route("10.0.0.0/16", RouteTargetKind.Local, "local")] };

        var finding = Single(new LambdaInterfaceEndpointRule(), Good().WithEndpoints(S3Endpoint).WithRouteTables(noNat));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Equal("container ModelContainer", finding.Target);
        Assert.Equal(PlanBuilder.At(8), finding.Location);
        Assert.Contains("com.amazonaws.us-east-1.lambda", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InterfaceEndpoint_WhenPending_Fails() =>
        Assert.Equal(Outcome.Fail, Single(new LambdaInterfaceEndpointRule(), Good().WithEndpoints(LambdaEndpoint with { State = "pending" })).Outcome);

    [Fact]
    public void InterfaceEndpoint_WhenEndpointIsForAnotherRegionAndNoNat_Fails() =>
        Assert.Equal(Outcome.Fail, Single(new LambdaInterfaceEndpointRule(), Good()
            .WithEndpoints(LambdaEndpoint with { ServiceName = "com.amazonaws.eu-west-1.lambda" })
            .WithRouteTables(MainTable with { Routes = [Route("10.0.0.0/16", RouteTargetKind.Local, "local")] })).Outcome);

    [Fact]
    public void InterfaceEndpoint_WhenDescribeDenied_IsUnknownNamingTheAction()
    {
        var aws = Good().WithNetwork(n => n with { VpcEndpoints = new AwsItems<VpcEndpointFacts>(Denied("ec2:DescribeVpcEndpoints"), []) });

        var finding = Single(new LambdaInterfaceEndpointRule(), aws);

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("ec2:DescribeVpcEndpoints", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PrivateDns_WhenOffOnTheEndpoint_IsUnknownWithTheDnsInstruction()
    {
        var finding = Single(new LambdaPrivateDnsRule(), Good().WithEndpoints(LambdaEndpoint with { PrivateDnsEnabled = false }));

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("lambda.us-east-1.amazonaws.com", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PrivateDns_WhenVpcHostnamesOff_Fails()
    {
        var aws = Good().WithNetwork(n => n with { Vpcs = [n.Vpcs[0] with { EnableDnsHostnames = new VpcDnsAttribute(AwsStatus.Ok, false) }] });

        var finding = Single(new LambdaPrivateDnsRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("--enable-dns-hostnames", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PrivateDns_WhenNoEndpoint_DoesNotApply() =>
        Assert.Equal(Outcome.NotApplicable, Single(new LambdaPrivateDnsRule(), Good().WithEndpoints(S3Endpoint)).Outcome);

    [Fact]
    public void EndpointReachable_WhenEndpointGroupAdmitsOnlyOneSubnet_Fails()
    {
        var aws = Good().WithGroup(new SecurityGroupFacts(LambdaSg, AwsStatus.Ok, VpcId, "lambda", Account, [Tcp(443, "10.0.1.0/24")], []));

        var finding = Single(new LambdaEndpointReachableRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains(LambdaSg, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EndpointReachable_WhenModelZoneHasNoEndpointInterface_PassesNamingTheZone()
    {
        var aws = Good().WithEndpoints(LambdaEndpoint with { SubnetIds = [Subnet0] }, S3Endpoint);

        var finding = Single(new LambdaEndpointReachableRule(), aws);

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Contains($"{Subnet1} (us-east-1b)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EndpointReachable_WhenEndpointSubnetsAreNotModelSubnets_NamesTheZoneFromItsInterfaces()
    {
        var eni = new NetworkInterfaceFacts("eni-0a1b2c3d4e5f67891", "subnet-0fedcba9876543211", VpcId, "us-east-1a", [LambdaSg], "vpc_endpoint",
            "VPC Endpoint Interface vpce-0lambda", "727180483921", true, null, ["10.0.11.5"]);
        var aws = Good().WithEndpoints(LambdaEndpoint with
        {
            SubnetIds = ["subnet-0fedcba9876543211"],
            NetworkInterfaceIds = [eni.Id],
            NetworkInterfaces = new AwsItems<NetworkInterfaceFacts>(AwsStatus.Ok, [eni]),
        }, S3Endpoint);

        var finding = Single(new LambdaEndpointReachableRule(), aws);

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Contains($"{Subnet1} (us-east-1b)", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain($"{Subnet0} (", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EndpointPolicy_WhenPolicyAllowsOnlyTheUnqualifiedArn_Fails()
    {
        var policy = """{"Statement":[{"Effect":"Allow","Principal":{"AWS":"ROLE"},"Action":"lambda:InvokeFunction","Resource":"PROVIDER"}]}""".Replace("ROLE", Role, StringComparison.Ordinal).Replace("PROVIDER", Provider, StringComparison.Ordinal);

        var finding = Single(new LambdaEndpointPolicyRule(), Good().WithEndpoints(LambdaEndpoint with { PolicyDocument = policy }));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains(Provider + ":*", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EndpointPolicy_WhenPolicyAllowsBothFormsForTheAccount_Passes()
    {
        var policy = """{"Statement":{"Sid":"Creds","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::ACCOUNT:root"]},"Action":["lambda:Invoke*"],"Resource":["PROVIDER","PROVIDER:*"]}}""".Replace("ACCOUNT", Account, StringComparison.Ordinal).Replace("PROVIDER", Provider, StringComparison.Ordinal);

        var finding = Single(new LambdaEndpointPolicyRule(), Good().WithEndpoints(LambdaEndpoint with { PolicyDocument = policy }));

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Contains("statement \"Creds\"", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EndpointPolicy_WhenDefaultFullAccessDocument_Passes()
    {
        const string policy = """{"Statement":[{"Action":"*","Effect":"Allow","Principal":"*","Resource":"*"}]}""";

        Assert.Equal(Outcome.Pass, Single(new LambdaEndpointPolicyRule(), Good().WithEndpoints(LambdaEndpoint with { PolicyDocument = policy })).Outcome);
    }

    [Fact]
    public void EndpointPolicy_WhenADenyMatches_Fails()
    {
        const string policy = """{"Statement":[{"Action":"*","Effect":"Allow","Principal":"*","Resource":"*"},{"Action":"lambda:*","Effect":"Deny","Principal":"*","Resource":"*"}]}""";

        Assert.Equal(Outcome.Fail, Single(new LambdaEndpointPolicyRule(), Good().WithEndpoints(LambdaEndpoint with { PolicyDocument = policy })).Outcome);
    }

    [Fact]
    public void EndpointPolicy_WhenDocumentIsNotJson_IsUnknown() =>
        Assert.Equal(Outcome.Unknown, Single(new LambdaEndpointPolicyRule(), Good().WithEndpoints(LambdaEndpoint with { PolicyDocument = "{not json" })).Outcome);

    [Fact]
    public void DnsResolver_WhenCustomServers_Warns()
    {
        var aws = Good().WithNetwork(n => n with { Vpcs = [n.Vpcs[0] with { DhcpOptions = new DhcpOptionsFacts("dopt-0corp", AwsStatus.Ok, ["10.0.0.53", "10.0.1.53"]) }] });

        var finding = Single(new VpcDnsResolverRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("10.0.0.53, 10.0.1.53", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DnsResolver_WhenDhcpOptionsDenied_IsUnknown()
    {
        var aws = Good().WithNetwork(n => n with { Vpcs = [n.Vpcs[0] with { DhcpOptions = new DhcpOptionsFacts("dopt-0corp", Denied("ec2:DescribeDhcpOptions")) }] });

        Assert.Contains("ec2:DescribeDhcpOptions", Single(new VpcDnsResolverRule(), aws).Message, StringComparison.Ordinal);
    }
}

public class LambdaFunctionRulesTests
{
    [Fact]
    public void FunctionExists_WhenNotFound_Fails()
    {
        var aws = Good().WithFunction(f => new LambdaFunctionFacts(f.Arn, new AwsStatus(CollectionStatus.NotFound, "ResourceNotFoundException")));

        var finding = Single(new FunctionExistsRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Equal(Provider, finding.Evidence!["provider"]);
    }

    [Fact]
    public void FunctionExists_WhenFailedUpdateInAnotherRegion_FailsNamingBoth()
    {
        var aws = Good().WithFunction(f => f with { Region = "eu-west-1", LastUpdateStatus = "Failed" });

        var finding = Single(new FunctionExistsRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("eu-west-1", finding.Message, StringComparison.Ordinal);
        Assert.Contains("Failed", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FunctionExists_WhenInactive_Fails() =>
        Assert.Equal(Outcome.Fail, Single(new FunctionExistsRule(), Good().WithFunction(f => f with { State = "Inactive" })).Outcome);

    [Fact]
    public void FunctionExists_WhenGetFunctionDenied_IsUnknownNamingTheAction()
    {
        var aws = Good().WithFunction(f => new LambdaFunctionFacts(f.Arn, Denied("lambda:GetFunction")));

        var finding = Single(new FunctionExistsRule(), aws);

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("lambda:GetFunction", finding.Message, StringComparison.Ordinal);
    }

    private static AwsFacts OtherAccountFunction(params PolicyStatementFacts[] statements) =>
        Good().WithFunction(f => f with { Account = "210987654321", Policy = new LambdaPolicyFacts(AwsStatus.Ok, statements) });

    [Fact]
    public void CrossAccountPolicy_WhenPolicyNamesTheRole_Passes() =>
        Assert.Equal(Outcome.Pass, Single(new CrossAccountFunctionPolicyRule(), OtherAccountFunction(Statement("Allow", ["lambda:InvokeFunction"], [Provider], [Role]))).Outcome);

    [Fact]
    public void CrossAccountPolicy_WhenPolicyNamesTheAccount_Passes() =>
        Assert.Equal(Outcome.Pass, Single(new CrossAccountFunctionPolicyRule(), OtherAccountFunction(Statement("Allow", ["lambda:InvokeFunction"], [Provider], [Account]))).Outcome);

    [Fact]
    public void CrossAccountPolicy_WhenPolicyNamesOnlyAService_Fails()
    {
        var finding = Single(new CrossAccountFunctionPolicyRule(), OtherAccountFunction(Statement("Allow", ["lambda:InvokeFunction"], [Provider], ["s3.amazonaws.com"])));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("add-permission", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CrossAccountPolicy_WhenGetPolicyDenied_IsUnknown()
    {
        var aws = Good().WithFunction(f => f with { Account = "210987654321", Policy = new LambdaPolicyFacts(Denied("lambda:GetPolicy"), []) });

        Assert.Contains("lambda:GetPolicy", Single(new CrossAccountFunctionPolicyRule(), aws).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PlaintextSecrets_WhenPasswordIsLiteral_WarnsWithoutTheValue()
    {
        var aws = Good().WithFunction(f => f with { Environment = [new LambdaEnvironmentVariable("REGISTRY_PASSWORD", EnvValueKind.Literal), new LambdaEnvironmentVariable("LOG_LEVEL", EnvValueKind.Literal)] });

        var finding = Single(new PlaintextSecretsRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("REGISTRY_PASSWORD", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LOG_LEVEL", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DB_PASSWORD", true)]
    [InlineData("api_key", true)]
    [InlineData("GITHUB_TOKEN", true)]
    [InlineData("ClientSecret", true)]
    [InlineData("REGISTRY_HOST", false)]
    [InlineData("LOG_LEVEL", false)]
    public void IsSecretLike_WhenNameGiven_SpotsSecretWords(string name, bool expected) =>
        Assert.Equal(expected, PlaintextSecretsRule.IsSecretLike(name));
}

public class LambdaInvocationRulesTests
{
    private static AwsFacts Shape(params PayloadMistake[] mistakes) =>
        Good().WithInvocation(i => i with { Shape = new PayloadShapeFacts(true, "object", ["statusCode", "body"], false, false, false, mistakes) });

    [Fact]
    public void ResponseShape_WhenApiGatewayWrapper_FailsNamingTheMistake()
    {
        var finding = Single(new CredentialResponseShapeRule(), Shape(PayloadMistake.StatusCodeBodyWrapper));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("API Gateway", finding.Message, StringComparison.Ordinal);
        Assert.Equal("statusCode, body", finding.Evidence!["topLevelKeys"]);
    }

    [Theory]
    [InlineData((int)PayloadMistake.LowerCaseKeys, "lower-case")]
    [InlineData((int)PayloadMistake.JsonInString, "JSON string")]
    [InlineData((int)PayloadMistake.MissingCredentialsWrapper, "top level")]
    public void ResponseShape_WhenCommonMistake_FailsNamingIt(int mistake, string words) =>
        Assert.Contains(words, Single(new CredentialResponseShapeRule(), Shape((PayloadMistake)mistake)).Message, StringComparison.Ordinal);

    [Fact]
    public void ResponseShape_WhenPasswordEmpty_Fails()
    {
        var aws = Good().WithInvocation(i => i with { Shape = i.Shape! with { PasswordIsNonEmptyString = false } });

        Assert.Contains("Password is missing, empty", Single(new CredentialResponseShapeRule(), aws).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResponseShape_WhenFunctionErrors_Fails() =>
        Assert.Equal(Outcome.Fail, Single(new CredentialResponseShapeRule(), Good().WithInvocation(i => i with { FunctionError = "Unhandled", ErrorType = "KeyError", Shape = null })).Outcome);

    [Fact]
    public void ResponseShape_WhenResponseTooLarge_Fails()
    {
        var aws = Good().WithInvocation(i => i with { Status = new AwsStatus(CollectionStatus.Invalid, "response over the cap"), TooLarge = true, SizeBytes = 6_000_000, Shape = null });

        Assert.Contains("6000000 bytes", Single(new CredentialResponseShapeRule(), aws).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResponseShape_WhenTheToolsDeadlinePassed_IsUnknownNotBlamingTheFunction()
    {
        var aws = Good()
            .WithInvocation(i => i with { Status = new AwsStatus(CollectionStatus.Timeout, "lambda:InvokeFunction: no answer within 2 s", "lambda:InvokeFunction"), Shape = null, LatencyMs = null })
            .WithFunction(f => f with { TimeoutSeconds = 10 });

        var finding = Single(new CredentialResponseShapeRule(), aws);

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("--timeout above 10 s", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResponseShape_WhenTheFunctionHitItsOwnTimeout_FailsNamingIt()
    {
        var aws = Good()
            .WithInvocation(i => i with { FunctionError = "Unhandled", ErrorType = null, FunctionTimedOut = true, Shape = null })
            .WithFunction(f => f with { TimeoutSeconds = 3 });

        var finding = Single(new CredentialResponseShapeRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("ran out of its own timeout of 3 s", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResponseShape_WhenNotInvoked_IsUnknown()
    {
        var finding = Single(new CredentialResponseShapeRule(), Good().WithInvocation(i => new LambdaInvocationFacts(i.Arn, AwsStatus.Skipped("--no-invoke"))));

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("--no-invoke", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResponseShape_WhenInvokeDenied_IsUnknownNamingTheAction() =>
        Assert.Contains("lambda:InvokeFunction", Single(new CredentialResponseShapeRule(), Good().WithInvocation(i => new LambdaInvocationFacts(i.Arn, Denied("lambda:InvokeFunction")))).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData(320L, 30, true)]
    [InlineData(5200L, 60, false)]
    [InlineData(2000L, 3, false)]
    [InlineData(1400L, 3, true)]
    public void InvocationLatency_WhenMeasured_NotesSlowCalls(long ms, int timeout, bool passes)
    {
        var aws = Good().WithInvocation(i => i with { LatencyMs = ms }).WithFunction(f => f with { TimeoutSeconds = timeout });

        Assert.Equal(passes ? Outcome.Pass : Outcome.Fail, Single(new InvocationLatencyRule(), aws).Outcome);
    }

    [Fact]
    public void InvocationLatency_WhenNotInvoked_IsUnknown() =>
        Assert.Equal(Outcome.Unknown, Single(new InvocationLatencyRule(), Good().WithInvocation(i => new LambdaInvocationFacts(i.Arn, AwsStatus.Skipped("--no-invoke")))).Outcome);
}
