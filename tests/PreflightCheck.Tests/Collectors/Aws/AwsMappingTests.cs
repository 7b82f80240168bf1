using System.Text;
using Amazon.EC2.Model;
using PreflightCheck.Collectors.Aws;
using PreflightCheck.Core;
using PreflightCheck.Core.Collectors;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.Inputs;

namespace PreflightCheck.Tests.Collectors.Aws;

public sealed class AwsMappingTests
{
    private static PayloadShapeFacts Shape(string json) => PayloadShapes.Describe(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Describe_WhenPayloadIsTheExpectedShape_ReportsNoMistake()
    {
        var shape = Shape("""{"Credentials":{"Username":"u","Password":"p"}}""");

        Assert.True(shape is { IsJson: true, JsonKind: "object", HasCredentialsObject: true, UsernameIsNonEmptyString: true, PasswordIsNonEmptyString: true });
        Assert.Equal(["Credentials"], shape.TopLevelKeys);
        Assert.Empty(shape.Mistakes);
    }

    [Theory]
    [InlineData("""{"statusCode":200,"body":"{\"Credentials\":{}}"}""", "StatusCodeBodyWrapper")]
    [InlineData("""{"credentials":{"username":"u","password":"p"}}""", "LowerCaseKeys")]
    [InlineData("""{"Credentials":{"username":"u","Password":"p"}}""", "LowerCaseKeys")]
    [InlineData("\"{\\\"Credentials\\\":{\\\"Username\\\":\\\"u\\\",\\\"Password\\\":\\\"p\\\"}}\"", "JsonInString")]
    [InlineData("""{"Username":"u","Password":"p"}""", "MissingCredentialsWrapper")]
    public void Describe_WhenPayloadHasACommonMistake_NamesIt(string json, string mistake)
    {
        var shape = Shape(json);

        Assert.Contains(Enum.Parse<PayloadMistake>(mistake), shape.Mistakes);
        Assert.False(shape.UsernameIsNonEmptyString && shape.PasswordIsNonEmptyString);
    }

    [Fact]
    public void Describe_WhenPasswordIsEmptyOrNotAString_SaysSoWithoutTheValue()
    {
        Assert.False(Shape("""{"Credentials":{"Username":"u","Password":""}}""").PasswordIsNonEmptyString);
        Assert.False(Shape("""{"Credentials":{"Username":"u","Password":42}}""").PasswordIsNonEmptyString);
        Assert.False(Shape("not json").IsJson);
    }

    [Fact]
    public void TryExtract_WhenShapeIsRight_ReturnsBothValuesElseNull()
    {
        Assert.Equal(("u", "secret"), PayloadShapes.TryExtract(Encoding.UTF8.GetBytes("""{"Credentials":{"Username":"u","Password":"secret"}}""")));
        Assert.Null(PayloadShapes.TryExtract(Encoding.UTF8.GetBytes("""{"credentials":{"username":"u","password":"secret"}}""")));
    }

    [Theory]
    [InlineData(null, "Empty")]
    [InlineData("  ", "Empty")]
    [InlineData("arn:aws:secretsmanager:us-east-1:1:secret:x", "Reference")]
    [InlineData("/registry/password", "Reference")]
    [InlineData("hunter2", "Literal")]
    public void Classify_WhenEnvironmentValueGiven_KeepsOnlyItsKind(string? value, string kind) =>
        Assert.Equal(Enum.Parse<EnvValueKind>(kind), EnvironmentValues.Classify(value));

    [Theory]
    [InlineData("UnauthorizedOperation", 403, "AccessDenied")]
    [InlineData("AccessDeniedException", 403, "AccessDenied")]
    [InlineData("AccessDenied", 403, "AccessDenied")]
    [InlineData("NoSuchEntity", 404, "NotFound")]
    [InlineData("ResourceNotFoundException", 404, "NotFound")]
    [InlineData("InvalidSubnetID.NotFound", 400, "NotFound")]
    [InlineData("InternalError", 500, "Unreachable")]
    [InlineData("Throttling", 400, "Unreachable")]
    [InlineData("InvalidParameterValue", 400, "Invalid")]
    public void Classify_WhenServiceErrorCode_MapsToStatusAndKeepsTheAction(string code, int status, string expected)
    {
        var error = AwsErrors.Classify(code, status, "some message", "ec2:DescribeSubnets");

        Assert.Equal(Enum.Parse<CollectionStatus>(expected), error.Status.Status);
        Assert.Equal("ec2:DescribeSubnets", error.Status.Action);
        Assert.Contains(code, error.Status.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("InternalError", "An internal error occurred.", "ec2:DescribeSubnets: the service answered 500 (InternalError: An internal error occurred.)")]
    [InlineData(null, "HTTP 500", "ec2:DescribeSubnets: the service answered 500")]
    public void Classify_When5xx_SaysTheServiceAnsweredWithTheStatusOnce(string? code, string message, string expected)
    {
        var status = AwsErrors.Classify(code, 500, message, "ec2:DescribeSubnets").Status;

        Assert.Equal(expected, status.Message);
        Assert.Equal(500, status.HttpStatus);
    }

    [Theory]
    [InlineData("ExpiredToken")]
    [InlineData("ExpiredTokenException")]
    [InlineData("InvalidClientTokenId")]
    public void Classify_WhenCredentialsAreRejected_ThrowsInputError(string code)
    {
        var error = Assert.Throws<InputException>(() => AwsErrors.Classify(code, 403, "The security token included in the request is expired", "sts:GetCallerIdentity"));

        Assert.StartsWith("error: AWS refused the credentials (" + code, error.OneLine(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("arn:aws:sts::123456789012:assumed-role/Deployer/session-1", "arn:aws:iam::123456789012:role/Deployer")]
    [InlineData("arn:aws:iam::123456789012:user/deployer", "arn:aws:iam::123456789012:user/deployer")]
    [InlineData("not-an-arn", null)]
    public void PrincipalOf_WhenCallerArnGiven_GivesTheSimulatablePrincipal(string caller, string? expected) =>
        Assert.Equal(expected, AwsCollector.PrincipalOf(caller));

    [Theory]
    [InlineData("local", null, "Local")]
    [InlineData("igw-1", null, "InternetGateway")]
    [InlineData("vgw-1", null, "VirtualPrivateGateway")]
    [InlineData("vpce-1", null, "VpcEndpoint")]
    [InlineData(null, "nat-1", "NatGateway")]
    public void Route_WhenTargetGiven_ClassifiesIt(string? gateway, string? nat, string kind)
    {
        var route = Ec2Mapping.Route(new Route { DestinationCidrBlock = "10.0.0.0/8", GatewayId = gateway, NatGatewayId = nat, State = "active" });

        Assert.Equal(Enum.Parse<RouteTargetKind>(kind), route.TargetKind);
        Assert.Equal("active", route.State);
    }

    [Theory]
    [InlineData("default", "Ok", 0)]
    [InlineData("dopt-0a1b2c3d4e5f67890", "Skipped", -1)]
    public void Vpc_WhenDhcpOptionsIdGiven_RecordsDefaultAsNoDnsServerAndLeavesASetToDescribe(string id, string status, int servers)
    {
        var vpc = Ec2Mapping.Vpc(new Vpc { VpcId = "vpc-0a1b2c3d4e5f67890", CidrBlock = "10.0.0.0/16", DhcpOptionsId = id });

        Assert.Equal(id, vpc.DhcpOptions!.Id);
        Assert.Equal(status, vpc.DhcpOptions.Status.Status.ToString());
        Assert.Equal(servers, vpc.DhcpOptions.DomainNameServers?.Count ?? -1);
    }

    [Fact]
    public void Permission_WhenAllProtocols_DropsPortsAndKeepsEverySource()
    {
        var permission = Ec2Mapping.Permission(new IpPermission
        {
            IpProtocol = "-1",
            FromPort = 0,
            ToPort = 0,
            Ipv4Ranges = [new IpRange { CidrIp = "10.0.0.0/16" }],
            Ipv6Ranges = [new Ipv6Range { CidrIpv6 = "::/0" }],
            UserIdGroupPairs = [new UserIdGroupPair { GroupId = "sg-1", UserId = "1" }],
            PrefixListIds = [new PrefixListId { Id = "pl-1" }],
        });

        Assert.Equal(("-1", (int?)null, (int?)null), (permission.Protocol, permission.FromPort, permission.ToPort));
        Assert.Equal(["10.0.0.0/16"], permission.Ipv4Ranges);
        Assert.Equal(["::/0"], permission.Ipv6Ranges);
        Assert.Equal("sg-1", permission.Groups.Single().GroupId);
        Assert.Equal(["pl-1"], permission.PrefixListIds);
    }

    [Fact]
    public void Statements_WhenPolicyUsesSingleValues_ReadsThemAsLists()
    {
        var statements = PolicyDocuments.Statements("""{"Statement":{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"a":"b"}}}}""")!;

        var s = Assert.Single(statements);
        Assert.Equal(["sagemaker.amazonaws.com"], s.Principals);
        Assert.Equal(["sts:AssumeRole"], s.Actions);
        Assert.Contains("StringEquals", s.ConditionJson, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_WhenAwsSectionIsFilled_RoundTrips()
    {
        var facts = FactsSnapshot.ForPlan(new DeploymentPlan("x", "us-east-1", []), DateTimeOffset.UnixEpoch) with
        {
            Aws = new AwsFacts("us-east-1")
            {
                Caller = new CallerIdentityFacts(AwsStatus.Ok, "1", "arn:aws:iam::1:user/u"),
                Network = new AwsNetworkFacts
                {
                    Subnets = [new SubnetFacts("subnet-1", new AwsStatus(CollectionStatus.AccessDenied, "denied", "ec2:DescribeSubnets"))],
                    RouteTables = new AwsItems<RouteTableFacts>(AwsStatus.Ok, [new RouteTableFacts("rtb-1", "vpc-1", true, [], [new RouteFacts("0.0.0.0/0", null, null, RouteTargetKind.NatGateway, "nat-1", "active")])]),
                },
                Invocations = [new LambdaInvocationFacts("arn:aws:lambda:us-east-1:1:function:f", AwsStatus.Ok, Shape: new PayloadShapeFacts(true, "object", ["Credentials"], true, true, true, [PayloadMistake.LowerCaseKeys]))],
            },
        };

        var path = Path.Combine(Path.GetTempPath(), $"aws-facts-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, FactsJson.Serialize(facts));
        try
        {
            var loaded = FactsFile.Load(path);
            Assert.Equal("ec2:DescribeSubnets", loaded.Aws!.Network.Subnets.Single().Status.Action);
            Assert.Equal(RouteTargetKind.NatGateway, loaded.Aws.Network.RouteTables.Items.Single().Routes.Single().TargetKind);
            Assert.Equal([PayloadMistake.LowerCaseKeys], loaded.Aws.Invocations.Single().Shape!.Mistakes);
            Assert.Equal(FactsJson.Serialize(facts), FactsJson.Serialize(loaded));
        }
        finally
        {
            File.Delete(path);
        }
    }
}

public sealed class AwsEndpointTests
{
    [Fact]
    public void ConfiguredEndpoint_WhenServiceVariableSet_WinsOverTheGlobalOne()
    {
        // A service name no other test or real client uses, so the process-wide variable cannot leak elsewhere.
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_PFCTESTSVC", "http://127.0.0.1:1/");
        try
        {
            Assert.Equal("http://127.0.0.1:1/", AwsSession.ConfiguredEndpoint("pfctestsvc"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_PFCTESTSVC", null);
        }
    }
}
