using System.Net;
using System.Runtime.CompilerServices;
using PreflightCheck.Collectors;
using PreflightCheck.Collectors.Net;
using PreflightCheck.Collectors.Registry;
using PreflightCheck.Core.Collectors;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules;
using PreflightCheck.Rules.Image;
using PreflightCheck.Rules.Registry;
using PreflightCheck.Tests.Rules.Registry;
using static PreflightCheck.Tests.PlanBuilder;

namespace PreflightCheck.Tests.Rules;

/// <summary>ECR and model-package containers are outside the private-registry checks; what AWS documents for serverless, Arm, digests and realms.</summary>
public sealed partial class ScopeRuleTests
{
    private const string EcrByTag = "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn-scorer:1.4.2";
    private const string PrivateByTag = "registry.example.com/team/model:1.4.2";
    private const string PackageArn = "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-models/3";

    private static ContainerPlan PackageContainer() =>
        new("Containers[0]", At(3), null, null, null, null, null, L(PackageArn, 5, 27));

    private static IEnumerable<Rule> PrivateRegistryRules() =>
        BuiltInRules.All.Where(r => r.Id.StartsWith("PFC-REG-", StringComparison.Ordinal) || r.Id.StartsWith("PFC-TLS-", StringComparison.Ordinal));

    [Covers("PFC-IMG-002", Outcome.NotApplicable)]
    [Fact]
    public void DigestPinned_WhenEcrImageIsByTag_IsNotApplicableSayingATagIsFine()
    {
        var finding = Assert.Single(Evaluate(new DigestPinnedRule(), Model([Container(EcrByTag, accessMode: null, provider: null)], noVpc: true)));

        Assert.Equal(Outcome.NotApplicable, finding.Outcome);
        Assert.Contains("Amazon ECR (123456789012.dkr.ecr.us-east-1.amazonaws.com)", finding.Message, StringComparison.Ordinal);
        Assert.Contains("A tag is fine there", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-IMG-002", Outcome.Fail)]
    [Fact]
    public void DigestPinned_WhenPrivateRegistryImageIsByTag_FailsAtErrorLevel()
    {
        var finding = Assert.Single(Evaluate(new DigestPinnedRule(), Model([Container(PrivateByTag)])));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Equal(Level.Error, BuiltInRules.Catalog["PFC-IMG-002"].Level);
    }

    [Covers("PFC-IMG-002", Outcome.NotApplicable)]
    [Fact]
    public void DigestPinned_WhenModelPackageSuppliesTheImage_IsNotApplicable()
    {
        var finding = Assert.Single(Evaluate(new DigestPinnedRule(), Model([PackageContainer()], noVpc: true)));

        Assert.Equal(Outcome.NotApplicable, finding.Outcome);
        Assert.Contains($"model package {PackageArn}", finding.Message, StringComparison.Ordinal);
        Assert.Equal(5, finding.Location?.Line);
    }

    [Covers("PFC-IMG-001", Outcome.NotApplicable)]
    [Fact]
    public void ReferenceValid_WhenModelPackageAndNoImage_IsNotApplicable()
    {
        var finding = Assert.Single(Evaluate(new ReferenceValidRule(), Model([PackageContainer()], noVpc: true)));

        Assert.Equal(Outcome.NotApplicable, finding.Outcome);
        Assert.Equal(PackageArn, finding.Evidence!["modelPackageName"]);
    }

    [Covers("PFC-IMG-001", Outcome.Fail)]
    [Fact]
    public void ReferenceValid_WhenNeitherImageNorModelPackage_Fails()
    {
        var container = new ContainerPlan("Containers[0]", At(3), null, null, null, null);

        var finding = Assert.Single(Evaluate(new ReferenceValidRule(), Model([container], noVpc: true)));

        Assert.Equal(Outcome.Fail, finding.Outcome);
    }

    [Covers("PFC-IMG-001", Outcome.Pass)]
    [Theory]
    [InlineData("registry.example.com/team/model@sha384:", 96, true)]
    [InlineData("registry.example.com/team/model@sha384:", 64, false)]
    [InlineData("registry.example.com/team/model@sha384:", 128, false)]
    public void ReferenceValid_WhenDigestIsSha384_PassesOnlyWith96HexDigits(string prefix, int length, bool passes)
    {
        var finding = Assert.Single(Evaluate(new ReferenceValidRule(), Model([Container(prefix + new string('a', length))])));

        Assert.Equal(passes ? Outcome.Pass : Outcome.Fail, finding.Outcome);
    }

    [Fact]
    public void PrivateRegistryRules_WhenImageIsInEcr_AreNotApplicableWithOneMessage()
    {
        var model = Model([Container(EcrByTag, accessMode: null, provider: null)], noVpc: true);

        var findings = PrivateRegistryRules().SelectMany(r => Evaluate(r, model).Select(f => (r.Id, f))).ToArray();

        Assert.Equal(PrivateRegistryRules().Count(), findings.Length);
        Assert.All(findings, x => Assert.Equal(Outcome.NotApplicable, x.f.Outcome));
        Assert.Single(findings.Select(x => x.f.Message).Distinct());
        Assert.Contains("the private-registry checks do not apply", findings[0].f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PrivateRegistryRules_WhenModelPackageSuppliesTheImage_AreNotApplicable()
    {
        var findings = PrivateRegistryRules().SelectMany(r => Evaluate(r, Model([PackageContainer()], noVpc: true))).ToArray();

        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Equal(Outcome.NotApplicable, f.Outcome));
    }

    [Fact]
    public void RegistryResolves_WhenPrivateImageWasNotCollected_StaysUnknown()
    {
        var finding = Assert.Single(Evaluate(new RegistryResolvesRule(), Model([Container(PrivateByTag)])));

        Assert.Equal(Outcome.Unknown, finding.Outcome);
    }

    [Fact]
    public async Task RegistryCollector_WhenImagesAreInEcrOrAModelPackage_NeitherResolvesNorDials()
    {
        var looked = new List<string>();
        var context = new CollectorContext
        {
            Timeout = TimeSpan.FromSeconds(2),
            LookupHost = (host, _) =>
            {
                lock (looked)
                {
                    looked.Add(host);
                }

                return Task.FromException<IPAddress[]>(new InvalidOperationException($"resolved {host}"));
            },
        };
        var plan = new DeploymentPlan("template.yaml", "us-east-1",
        [
            Model([Container(EcrByTag, accessMode: null, provider: null)], noVpc: true, name: "ecr-model"),
            Model([PackageContainer()], noVpc: true, name: "package-model"),
        ]);

        var facts = await new RegistryCollector().CollectIntoAsync(FactsSnapshot.ForPlan(plan, Now), context, CancellationToken.None);

        Assert.Empty(looked);
        Assert.Empty(facts.Registries);
        Assert.Contains(facts.Collectors, c => c.Name == CollectorNames.Registry && c.Status == CollectionStatus.Ok);
    }

    private static VariantPlan Serverless(string name) => new(name, "vpc-model", null, null, At(30), new ServerlessPlan(At(31)));

    [Fact]
    public void ArchitectureFor_OverEveryInstanceTypeOfTheSageMakerApi_ClassifiesArmFamiliesAsArm64()
    {
        string[] arm = ["c6g", "c6gd", "c6gn", "c7g", "c8g", "m6g", "m6gd", "m8g", "r6g", "r6gd", "r7gd", "r8g", "p6e-gb200"];
        string[] x86 =
        [
            "t2", "m4", "m5", "m5d", "m6i", "m7i", "c4", "c5", "c5d", "c6i", "c6in", "c7i", "r5", "r5d", "r6i", "r7i",
            "p2", "p3", "p4d", "p4de", "p5", "p5e", "p5en", "p6-b200", "p6-b300", "g4dn", "g5", "g6", "g6e", "g7e",
            "inf1", "inf2", "trn1", "trn1n", "trn2", "dl1",
        ];
        var types = File.ReadLines(Path.Combine(Here(), "Registry", "ProductionVariantInstanceType.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
        var families = types.Select(t => t.Split('.')[1]).Distinct().ToArray();

        // A family new to the enum must be put in one list or the other before this passes.
        Assert.Empty(families.Except(arm).Except(x86));
        Assert.True(types.Length > 200);
        Assert.All(types, t => Assert.Equal(arm.Contains(t.Split('.')[1]) ? "arm64" : "amd64", PlatformMatchesInstanceRule.ArchitectureFor(t)));
        Assert.Contains("ml.p6e-gb200.36xlarge", types);
    }

    [Fact]
    public void PlatformMatchesInstance_WhenGraceVariantGetsAnAmd64Image_Fails()
    {
        var facts = RegistryFactsBuilder.Snapshot(RegistryFactsBuilder.Model(null, "ml.p6e-gb200.36xlarge"));

        var finding = RegistryFactsBuilder.Single(new PlatformMatchesInstanceRule(), facts);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("needs linux/arm64", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.0.0.0", true)]
    [InlineData("::", true)]
    [InlineData("::ffff:0.0.0.0", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("10.0.0.9", false)]
    [InlineData("127.0.0.1", false)]
    public void AddressClass_WhenRealmAddressIsUnspecified_IsNoPlaceForCredentials(string address, bool unsafeAddress)
    {
        Assert.Equal(unsafeAddress, AddressClass.IsLinkLocalOrMetadata(IPAddress.Parse(address)));
    }

    private static string Here([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
