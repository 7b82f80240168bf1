using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules;
using PreflightCheck.Rules.Image;
using PreflightCheck.Rules.Network;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Network;

public class AwsRulesCommonTests
{
    public static TheoryData<string> Ids() => new(AwsRuleIds);

    [Theory]
    [MemberData(nameof(Ids))]
    public void AwsRule_WhenAccountIsHealthy_PassesOrDoesNotApply(string id)
    {
        var rule = RuleById(id);
        var findings = Run(rule, Good());

        Assert.NotEmpty(findings);
        Assert.NotEqual(FactNeeds.None, rule.Needs);
        foreach (var finding in findings)
        {
            var expected = id is "PFC-IMG-004" or "PFC-LMB-008" ? Outcome.NotApplicable : Outcome.Pass;
            Assert.True(expected == finding.Outcome, $"{id} {finding.Target}: {finding.Outcome} {finding.Message}");
            Assert.Equal("vpc-model", finding.Model);
            Assert.NotNull(finding.Location);
        }
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void AwsRule_WhenAwsFactsWereNotCollected_IsUnknown(string id)
    {
        var findings = Run(RuleById(id), null);

        var finding = Assert.Single(findings);
        if (id == "PFC-IMG-004")
        {
            Assert.Equal(Outcome.NotApplicable, finding.Outcome);
            return;
        }

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("not collected", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void AwsRule_WhenCredentialsAreRefused_IsUnknownNamingTheAction(string id)
    {
        var aws = Good() with { Status = Denied("sts:GetCallerIdentity") };

        var finding = Assert.Single(Run(RuleById(id), aws));

        if (id != "PFC-IMG-004")
        {
            Assert.Equal(Outcome.Unknown, finding.Outcome);
            Assert.Contains("sts:GetCallerIdentity", finding.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("PFC-NET-001")]
    [InlineData("PFC-NET-005")]
    [InlineData("PFC-NET-012")]
    [InlineData("PFC-LMB-001")]
    [InlineData("PFC-IAM-003")]
    [InlineData("PFC-IMG-004")]
    public void AwsRule_WhenModelHasNoVpcConfig_DoesNotApply(string id)
    {
        var model = Model() with { VpcConfig = null };

        var finding = Assert.Single(Run(RuleById(id), Good(), model));

        Assert.Equal(Outcome.NotApplicable, finding.Outcome);
    }

    [Theory]
    [InlineData("PFC-LMB-001")]
    [InlineData("PFC-LMB-004")]
    [InlineData("PFC-LMB-006")]
    [InlineData("PFC-LMB-007")]
    [InlineData("PFC-LMB-010")]
    [InlineData("PFC-IAM-002")]
    public void ProviderRule_WhenNoRepositoryAuthConfig_DoesNotApply(string id)
    {
        var finding = Assert.Single(Run(RuleById(id), Good(), Model(provider: null)));

        Assert.Equal(Outcome.NotApplicable, finding.Outcome);
        Assert.Contains("RepositoryAuthConfig", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProviderRule_WhenOneOfTwoContainersHasAProvider_JudgesEachContainer()
    {
        var model = Model();
        model = model with { Containers = [model.Containers[0], PlanBuilder.Container(provider: null, name: "Second")] };

        var findings = Run(RuleById("PFC-LMB-006"), Good(), model);

        Assert.Equal(2, findings.Count);
        Assert.Equal(Outcome.Pass, findings.Single(f => f.Target == "container ModelContainer").Outcome);
        Assert.Equal(Outcome.NotApplicable, findings.Single(f => f.Target == "container Second").Outcome);
    }
}

public class SubnetRulesTests
{
    [Fact]
    public void SubnetsExist_WhenSubnetIsMissing_FailsAtTheSubnetsLocation()
    {
        var aws = Good().WithSubnet(new SubnetFacts(Subnet1, new AwsStatus(CollectionStatus.NotFound, "InvalidSubnetID.NotFound")));

        var findings = Run(new SubnetsExistRule(), aws);

        Assert.Equal(Outcome.Pass, findings[0].Outcome);
        var fail = findings[1];
        Assert.Equal(Outcome.Fail, fail.Outcome);
        Assert.Equal($"subnet {Subnet1}", fail.Target);
        Assert.Equal(PlanBuilder.At(14, 21), fail.Location);
        Assert.Contains("does not exist", fail.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SubnetsExist_WhenDescribeIsDenied_IsUnknownNamingTheAction()
    {
        var aws = Good().WithSubnet(new SubnetFacts(Subnet0, Denied("ec2:DescribeSubnets")));

        var finding = Run(new SubnetsExistRule(), aws)[0];

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("ec2:DescribeSubnets", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SubnetsOneVpc_WhenSubnetsAreInTwoVpcs_Fails()
    {
        var aws = Good().WithSubnet(new SubnetFacts(Subnet1, AwsStatus.Ok, "vpc-0other", "us-east-1b", null, ["10.1.2.0/24"], [], 100));

        var finding = Single(new SubnetsOneVpcRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("vpc-0other", finding.Message, StringComparison.Ordinal);
        Assert.Contains(VpcId, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SubnetsOneVpc_WhenASubnetCannotBeRead_IsUnknown()
    {
        var aws = Good().WithSubnet(new SubnetFacts(Subnet1, Denied("ec2:DescribeSubnets")));

        Assert.Equal(Outcome.Unknown, Single(new SubnetsOneVpcRule(), aws).Outcome);
    }

    [Fact]
    public void SecurityGroupsInVpc_WhenGroupIsInAnotherVpc_Fails()
    {
        var aws = Good().WithGroup(new SecurityGroupFacts(ModelSg, AwsStatus.Ok, "vpc-0other", "elsewhere", Account, [], []));

        var finding = Single(new SecurityGroupsInVpcRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Equal($"security group {ModelSg}", finding.Target);
        Assert.Equal(PlanBuilder.At(13, 20), finding.Location);
    }

    [Fact]
    public void SecurityGroupsInVpc_WhenGroupIsMissing_Fails()
    {
        var aws = Good().WithGroup(new SecurityGroupFacts(ModelSg, new AwsStatus(CollectionStatus.NotFound, "InvalidGroup.NotFound")));

        Assert.Equal(Outcome.Fail, Single(new SecurityGroupsInVpcRule(), aws).Outcome);
    }

    [Fact]
    public void SecurityGroupsInVpc_WhenDescribeIsDenied_IsUnknown()
    {
        var aws = Good().WithGroup(new SecurityGroupFacts(ModelSg, Denied("ec2:DescribeSecurityGroups")));

        var finding = Single(new SecurityGroupsInVpcRule(), aws);

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("ec2:DescribeSecurityGroups", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoAvailabilityZones_WhenSubnetsShareOneZone_Warns()
    {
        var aws = Good().WithSubnet(new SubnetFacts(Subnet1, AwsStatus.Ok, VpcId, "us-east-1a", null, ["10.0.2.0/24"], [], 100));

        var finding = Single(new TwoAvailabilityZonesRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Equal("us-east-1a", finding.Evidence!["availabilityZones"]);
    }

    [Fact]
    public void TwoAvailabilityZones_WhenOneSubnetIsUnreadable_IsUnknown()
    {
        var aws = Good().WithSubnet(new SubnetFacts(Subnet1, Denied("ec2:DescribeSubnets")));

        Assert.Equal(Outcome.Unknown, Single(new TwoAvailabilityZonesRule(), aws).Outcome);
    }

    [Fact]
    public void SubnetIpCapacity_WhenFewerThanTwoFreeAddressesPerInstance_Warns()
    {
        var model = Model() with { Variants = [new Core.Plan.VariantPlan("AllTraffic", "vpc-model", null, 200, null)] };

        var finding = Single(new SubnetIpCapacityRule(), Good(), model);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Equal("350", finding.Evidence!["freeAddresses"]);
        Assert.Contains("fewer than 400", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SubnetIpCapacity_WhenNoInstanceCounts_DoesNotApply()
    {
        var model = Model() with { Variants = [] };

        Assert.Equal(Outcome.NotApplicable, Single(new SubnetIpCapacityRule(), Good(), model).Outcome);
    }
}

public class RegistryPathRulesTests
{
    private static AwsFacts RegistryGroupIngress(params SecurityGroupPermission[] ingress) =>
        Good().WithGroup(new SecurityGroupFacts(RegistrySg, AwsStatus.Ok, VpcId, "registry", Account, ingress, []));

    [Fact]
    public void RegistryInVpc_WhenAddressIsInsideTheVpc_PassesNamingTheBlock()
    {
        var finding = Single(new RegistryInVpcRule(), Good());

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Equal($"container ModelContainer to {Host}:443 ({AwsFactsBuilder.RegistryAddress})", finding.Target);
        Assert.Equal(ImageLocation, finding.Location);
        Assert.Equal("10.0.0.0/16", finding.Evidence!["vpcCidrBlocks"]);
    }

    [Fact]
    public void RegistryInVpc_WhenOutsideButPeered_PassesSayingAwsDocumentsTheConnection()
    {
        var aws = Good().WithRouteTables(MainTable with { Routes = [.. MainTable.Routes, Route("10.20.0.0/16", RouteTargetKind.PeeringConnection, "pcx-0123")] });
        aws = aws with { RegistryAddresses = [aws.RegistryAddresses[0] with { Address = "10.20.5.20", Status = new AwsStatus(CollectionStatus.NotFound), Interfaces = [] }] };

        var finding = Single(new RegistryInVpcRule(), aws);

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Contains("networking connection between the two VPCs", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AWS documents only", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RegistryInVpc_WhenANonPrivateRangeAddressIsPeered_CountsAsAVpcAddressOnlyWhenAnInterfaceHoldsIt(bool interfaceFound)
    {
        var aws = Good().WithRouteTables(MainTable with { Routes = [.. MainTable.Routes, Route("100.128.0.0/16", RouteTargetKind.PeeringConnection, "pcx-0123")] });
        var registry = aws.RegistryAddresses[0] with { Address = "100.128.5.20" };
        aws = aws with { RegistryAddresses = [interfaceFound ? registry : registry with { Status = new AwsStatus(CollectionStatus.NotFound), Interfaces = [] }] };

        var finding = Single(new RegistryInVpcRule(), aws);

        Assert.Equal(interfaceFound ? Outcome.Pass : Outcome.Fail, finding.Outcome);
        Assert.Contains(interfaceFound ? "pcx-0123" : "NAT", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RegistryInVpc_WhenOutsideWithNoRoute_Fails()
    {
        var aws = Good() with { RegistryAddresses = [Good().RegistryAddresses[0] with { Address = "10.20.5.20" }] };

        var finding = Single(new RegistryInVpcRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains(Subnet0, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RegistryInVpc_WhenPublicAddressBehindNat_Passes()
    {
        var aws = Good() with { RegistryAddresses = [Good().RegistryAddresses[0] with { Address = "203.0.113.10", Status = new AwsStatus(CollectionStatus.NotFound), Interfaces = [] }] };

        var finding = Single(new RegistryInVpcRule(), aws);

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Contains("NAT", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RegistryInVpc_WhenRegistryDidNotResolve_IsUnknown()
    {
        var aws = Good() with { RegistryAddresses = [] };

        var finding = Single(new RegistryInVpcRule(), aws);

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("--registry-address", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RegistryRules_WhenImageIsInEcr_DoNotApply()
    {
        var model = Model(image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/model@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");

        Assert.Equal(Outcome.NotApplicable, Single(new RegistryIngressRule(), Good(), model).Outcome);
    }

    [Fact]
    public void RegistryIngress_WhenGroupReferenceAdmitsTheModel_PassesNamingTheRule()
    {
        var finding = Single(new RegistryIngressRule(), Good());

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Contains($"{RegistrySg}: tcp 443 from {ModelSg}", finding.Message, StringComparison.Ordinal);
        Assert.Equal("eni-0registry", finding.Evidence!["networkInterface"]);
    }

    [Fact]
    public void RegistryIngress_WhenOnlyTheOfficeIsAdmitted_Fails()
    {
        var finding = Single(new RegistryIngressRule(), RegistryGroupIngress(Tcp(443, "192.0.2.0/24")));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains($"from the model's security group {ModelSg}", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RegistryIngress_WhenCidrCoversOnlyOneModelSubnet_Fails()
    {
        var finding = Single(new RegistryIngressRule(), RegistryGroupIngress(Tcp(443, "10.0.1.0/24")));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("only part of the model subnets", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RegistryIngress_WhenVpcCidrIsAdmitted_Passes() =>
        Assert.Equal(Outcome.Pass, Single(new RegistryIngressRule(), RegistryGroupIngress(Tcp(443, "10.0.0.0/16"))).Outcome);

    [Fact]
    public void RegistryIngress_WhenRegistryListensOnAnotherPort_Fails()
    {
        var model = Model(image: "registry.example.com:5000/team/model@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        var aws = Good() with { RegistryAddresses = [Good().RegistryAddresses[0] with { Port = 5000 }] };

        Assert.Equal(Outcome.Fail, Single(new RegistryIngressRule(), aws, model).Outcome);
    }

    [Fact]
    public void RegistryIngress_WhenNoInterfaceOwnsTheAddress_IsUnknown()
    {
        var aws = Good() with { RegistryAddresses = [Good().RegistryAddresses[0] with { Status = new AwsStatus(CollectionStatus.NotFound), Interfaces = [] }] };

        var finding = Single(new RegistryIngressRule(), aws);

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("no network interface", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RegistryIngress_WhenInterfaceLookupDenied_IsUnknownNamingTheAction()
    {
        var aws = Good() with { RegistryAddresses = [Good().RegistryAddresses[0] with { Status = Denied("ec2:DescribeNetworkInterfaces"), Interfaces = [] }] };

        var finding = Single(new RegistryIngressRule(), aws);

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("ec2:DescribeNetworkInterfaces", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RegistryOpenToWorld_WhenPortIsOpenToEveryone_Warns()
    {
        var finding = Single(new RegistryOpenToWorldRule(), RegistryGroupIngress(TcpFromGroup(443, ModelSg), AllTraffic("::/0")));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Equal($"security group {RegistrySg} of {Host}:443", finding.Target);
        Assert.Contains("::/0", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RegistryOpenToWorld_WhenOpenOnlyOnAnotherPort_Passes() =>
        Assert.Equal(Outcome.Pass, Single(new RegistryOpenToWorldRule(), RegistryGroupIngress(TcpFromGroup(443, ModelSg), Tcp(80, "0.0.0.0/0"))).Outcome);
}

public class RegistryTrafficRulesTests
{
    [Fact]
    public void ModelEgress_WhenOnlyAPrefixListIsAllowedOut_Fails()
    {
        var aws = Good()
            .WithGroup(new SecurityGroupFacts(ModelSg, AwsStatus.Ok, VpcId, "model", Account, [], [new SecurityGroupPermission("tcp", 443, 443, [], [], [], ["pl-63a5400a"])]))
            .WithNetwork(n => n with { PrefixLists = [new PrefixListFacts("pl-63a5400a", AwsStatus.Ok, "com.amazonaws.us-east-1.s3", ["52.216.0.0/15"])] });

        var finding = Single(new ModelEgressRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("registry 10.0.5.20 is not allowed out", finding.Message, StringComparison.Ordinal);
        Assert.Contains("Lambda endpoint vpce-0lambda is not allowed out", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelEgress_WhenRegistryAndEndpointGroupAreListed_Passes()
    {
        var aws = Good().WithGroup(new SecurityGroupFacts(ModelSg, AwsStatus.Ok, VpcId, "model", Account, [], [Tcp(443, "10.0.5.20/32"), TcpFromGroup(443, LambdaSg)]));

        Assert.Equal(Outcome.Pass, Single(new ModelEgressRule(), aws).Outcome);
    }

    [Fact]
    public void ModelEgress_WhenEndpointSubnetsWereNotReadButAllOutboundIsOpen_Passes()
    {
        var aws = Good().WithEndpoints(LambdaEndpoint with { SubnetIds = ["subnet-0eeeeeeeeeeeeeee1"] }, S3Endpoint);

        Assert.Equal(Outcome.Pass, Single(new ModelEgressRule(), aws).Outcome);
    }

    [Fact]
    public void ModelEgress_WhenEndpointSubnetsWereNotReadAndOnlyAModelSubnetIsAllowed_IsUnknown()
    {
        var aws = Good()
            .WithEndpoints(LambdaEndpoint with { SubnetIds = ["subnet-0eeeeeeeeeeeeeee1"] }, S3Endpoint)
            .WithGroup(new SecurityGroupFacts(ModelSg, AwsStatus.Ok, VpcId, "model", Account, [], [Tcp(443, "10.0.5.20/32", "10.0.1.0/24")]));

        Assert.Equal(Outcome.Unknown, Single(new ModelEgressRule(), aws).Outcome);
    }

    private static VpcEndpointFacts EndpointWithInterfaces(params string[] addresses) => LambdaEndpoint with
    {
        SubnetIds = ["subnet-0eeeeeeeeeeeeeee1"],
        NetworkInterfaceIds = addresses.Select((_, i) => $"eni-0a1b2c3d4e5f6789{i}").ToArray(),
        NetworkInterfaces = new AwsItems<NetworkInterfaceFacts>(AwsStatus.Ok, addresses.Select((a, i) => new NetworkInterfaceFacts(
            $"eni-0a1b2c3d4e5f6789{i}", "subnet-0eeeeeeeeeeeeeee1", VpcId, "us-east-1a", [LambdaSg], "vpc_endpoint", null, null, true, null, [a])).ToArray()),
    };

    [Fact]
    public void ModelEgress_WhenOnlyTheEndpointsInterfaceAddressesAreAllowed_Passes()
    {
        var aws = Good()
            .WithEndpoints(EndpointWithInterfaces("10.0.11.5", "10.0.12.5"), S3Endpoint)
            .WithGroup(new SecurityGroupFacts(ModelSg, AwsStatus.Ok, VpcId, "model", Account, [], [Tcp(443, "10.0.5.20/32", "10.0.11.5/32", "10.0.12.5/32")]));

        Assert.Equal(Outcome.Pass, Single(new ModelEgressRule(), aws).Outcome);
    }

    [Fact]
    public void ModelEgress_WhenOneEndpointInterfaceAddressIsMissing_FailsNamingIt()
    {
        var aws = Good()
            .WithEndpoints(EndpointWithInterfaces("10.0.11.5", "10.0.12.5"), S3Endpoint)
            .WithGroup(new SecurityGroupFacts(ModelSg, AwsStatus.Ok, VpcId, "model", Account, [], [Tcp(443, "10.0.5.20/32", "10.0.11.5/32")]));

        var finding = Single(new ModelEgressRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("10.0.12.5", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelEgress_WhenPrefixListCannotBeRead_IsUnknown()
    {
        var aws = Good().WithGroup(new SecurityGroupFacts(ModelSg, AwsStatus.Ok, VpcId, "model", Account, [], [new SecurityGroupPermission("-1", null, null, [], [], [], ["pl-0private"])]));

        Assert.Equal(Outcome.Unknown, Single(new ModelEgressRule(), aws).Outcome);
    }

    [Fact]
    public void NetworkAcls_WhenModelAclDropsReplies_FailsForEachModelSubnet()
    {
        var modelAcl = new NetworkAclFacts("acl-0model", VpcId, false, [Subnet0, Subnet1],
            [Acl(100, true, "6", "10.0.5.0/24", true, 443, 443), Acl(32767, true, "-1", "0.0.0.0/0", false), Acl(32767, false, "-1", "0.0.0.0/0", false)]);
        var registryAcl = new NetworkAclFacts("acl-0default", VpcId, true, [RegistrySubnet], AllowAll);

        var findings = Run(new NetworkAclsRule(), Good().WithAcls(modelAcl, registryAcl));

        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal(Outcome.Fail, f.Outcome));
        Assert.Contains("inbound tcp 1024-65535 from 10.0.5.20/32 (replies)", findings[0].Message, StringComparison.Ordinal);
        Assert.Equal($"subnet {Subnet0} to {Host}:443 ({AwsFactsBuilder.RegistryAddress})", findings[0].Target);
        Assert.Equal(PlanBuilder.At(14, 20), findings[0].Location);
    }

    [Fact]
    public void NetworkAcls_WhenRegistryAclDeniesBeforeItsAllow_Fails()
    {
        var registryAcl = new NetworkAclFacts("acl-0registry", VpcId, false, [RegistrySubnet],
            [Acl(90, false, "6", "10.0.0.0/16", false, 443, 443), .. AllowAll]);
        var modelAcl = new NetworkAclFacts("acl-0default", VpcId, true, [Subnet0, Subnet1], AllowAll);

        var findings = Run(new NetworkAclsRule(), Good().WithAcls(modelAcl, registryAcl));

        Assert.All(findings, f => Assert.Equal(Outcome.Fail, f.Outcome));
        Assert.Contains("acl-0registry inbound 90", findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NetworkAcls_WhenBothSidesShareOneAclThatDropsReplies_NamesItOnce()
    {
        var shared = new NetworkAclFacts("acl-0shared00000001", VpcId, false, [Subnet0, Subnet1, RegistrySubnet],
            [Acl(100, true, "6", "0.0.0.0/0", true, 443, 443), Acl(110, false, "6", "0.0.0.0/0", true, 443, 443), Acl(32767, true, "-1", "0.0.0.0/0", false), Acl(32767, false, "-1", "0.0.0.0/0", false)]);

        var finding = Run(new NetworkAclsRule(), Good().WithAcls(shared))[0];

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Equal(1, finding.Message.Split("acl-0shared00000001").Length - 1);
        Assert.Contains("(replies)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NetworkAcls_WhenBothSidesShareOneOpenAcl_PassesNamingItOnce()
    {
        var shared = new NetworkAclFacts("acl-0shared00000001", VpcId, true, [Subnet0, Subnet1, RegistrySubnet], AllowAll);

        var finding = Run(new NetworkAclsRule(), Good().WithAcls(shared))[0];

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.StartsWith("Network ACL acl-0shared00000001 passes", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NetworkAcls_WhenAclsCannotBeRead_IsUnknownNamingTheAction()
    {
        var aws = Good().WithNetwork(n => n with { NetworkAcls = new AwsItems<NetworkAclFacts>(Denied("ec2:DescribeNetworkAcls"), []) });

        var findings = Run(new NetworkAclsRule(), aws);

        Assert.All(findings, f => Assert.Equal(Outcome.Unknown, f.Outcome));
        Assert.Contains("ec2:DescribeNetworkAcls", findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RouteToRegistry_WhenSubnetUsesMainTable_PassesSayingSo()
    {
        var finding = Run(new RouteToRegistryRule(), Good())[0];

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Contains("main route table", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RouteToRegistry_WhenExplicitTableHasABlackhole_FailsForThatSubnetOnly()
    {
        var outside = Good() with { RegistryAddresses = [Good().RegistryAddresses[0] with { Address = "10.20.5.20" }] };
        var own = new RouteTableFacts("rtb-0own", VpcId, false, [Subnet1],
            [Route("10.0.0.0/16", RouteTargetKind.Local, "local"), Route("10.20.0.0/16", RouteTargetKind.PeeringConnection, "pcx-0gone", "blackhole")]);
        var main = MainTable with { Routes = [.. MainTable.Routes, Route("10.20.0.0/16", RouteTargetKind.TransitGateway, "tgw-0123")] };

        var findings = Run(new RouteToRegistryRule(), outside.WithRouteTables(main, own));

        Assert.Equal(Outcome.Pass, findings[0].Outcome);
        Assert.Equal(Outcome.Fail, findings[1].Outcome);
        Assert.Contains("blackhole", findings[1].Message, StringComparison.Ordinal);
        Assert.Equal("rtb-0own", findings[1].Evidence!["routeTable"]);
    }

    [Fact]
    public void RouteToRegistry_WhenOnlyAnInternetGatewayCovers_Fails()
    {
        var aws = (Good() with { RegistryAddresses = [Good().RegistryAddresses[0] with { Address = "203.0.113.10" }] })
            .WithRouteTables(MainTable with { Routes = [Route("10.0.0.0/16", RouteTargetKind.Local, "local"), Route("0.0.0.0/0", RouteTargetKind.InternetGateway, "igw-0123")] });

        var finding = Run(new RouteToRegistryRule(), aws)[0];

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("no public address", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RouteToRegistry_WhenRouteTablesDenied_IsUnknown()
    {
        var aws = Good().WithNetwork(n => n with { RouteTables = new AwsItems<RouteTableFacts>(Denied("ec2:DescribeRouteTables"), []) });

        var finding = Run(new RouteToRegistryRule(), aws)[0];

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("ec2:DescribeRouteTables", finding.Message, StringComparison.Ordinal);
    }
}

public class InternetPathRulesTests
{
    private static readonly RouteTableFacts IgwOnly = MainTable with
    {
        Routes = [Route("10.0.0.0/16", RouteTargetKind.Local, "local"), Route("0.0.0.0/0", RouteTargetKind.InternetGateway, "igw-0a1b2c3d4e5f60718")],
    };

    [Fact]
    public void S3PathForModelData_WhenNeitherGatewayNorNat_FailsAtErrorLevelQuotingWhatSageMakerSays()
    {
        var aws = Good().WithRouteTables(IgwOnly).WithEndpoints(LambdaEndpoint);

        var finding = Single(new S3PathForModelDataRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Equal(Level.Error, BuiltInRules.Catalog["PFC-NET-012"].Level);
        Assert.Equal(PlanBuilder.At(10), finding.Location);
        Assert.Contains("com.amazonaws.us-east-1.s3", finding.Message, StringComparison.Ordinal);
        Assert.Contains("S3 VPC endpoint exists in route table or NAT gateway", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void S3PathForModelData_WhenGatewayEndpointOnTheTable_Passes() =>
        Assert.Equal(Outcome.Pass, Single(new S3PathForModelDataRule(), Good().WithRouteTables(IgwOnly)).Outcome);

    [Fact]
    public void S3PathForModelData_WhenNoModelData_DoesNotApply() =>
        Assert.Equal(Outcome.NotApplicable, Single(new S3PathForModelDataRule(), Good(), Model(modelData: null)).Outcome);

    [Fact]
    public void S3PathForModelData_WhenEndpointsDenied_IsUnknown()
    {
        var aws = Good().WithNetwork(n => n with { VpcEndpoints = new AwsItems<VpcEndpointFacts>(Denied("ec2:DescribeVpcEndpoints"), []) });

        Assert.Contains("ec2:DescribeVpcEndpoints", Single(new S3PathForModelDataRule(), aws).Message, StringComparison.Ordinal);
    }

    private static readonly Core.Plan.ModelPlan DockerHubModel = Model(image: "docker.io/library/python@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");

    [Fact]
    public void DockerHubInternetPath_WhenNatRoute_Passes() =>
        Assert.Equal(Outcome.Pass, Single(new DockerHubInternetPathRule(), Good(), DockerHubModel).Outcome);

    [Fact]
    public void DockerHubInternetPath_WhenOnlyInternetGateway_WarnsExplainingPublicAddresses()
    {
        var finding = Single(new DockerHubInternetPathRule(), Good().WithRouteTables(IgwOnly), DockerHubModel);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("no public address", finding.Message, StringComparison.Ordinal);
        Assert.Equal(ImageLocation, finding.Location);
    }

    [Fact]
    public void DockerHubInternetPath_WhenRouteTablesDenied_IsUnknown()
    {
        var aws = Good().WithNetwork(n => n with { RouteTables = new AwsItems<RouteTableFacts>(Denied("ec2:DescribeRouteTables"), []) });

        Assert.Equal(Outcome.Unknown, Single(new DockerHubInternetPathRule(), aws, DockerHubModel).Outcome);
    }

    [Fact]
    public void DockerHubInternetPath_WhenBareNameResolvesToDockerHub_Applies() =>
        Assert.Equal(Outcome.Fail, Single(new DockerHubInternetPathRule(), Good().WithRouteTables(IgwOnly), Model(image: "python:3.12")).Outcome);
}
