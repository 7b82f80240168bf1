using PreflightCheck.Core.Collectors;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using static PreflightCheck.Tests.Rules.Registry.RegistryFactsBuilder;

namespace PreflightCheck.Tests.Rules.Registry.RunTest;

/// <summary>Snapshots with one <c>--run-test</c> result for the container of <see cref="RegistryFactsBuilder"/>.</summary>
internal static class RunTestFactsBuilder
{
    public const string Engine = "unix:///run/user/1000/podman/podman.sock";

    public static RunTestFacts Healthy() => new("vpc-model", "Primary", $"{Host}:5000/team/model@{Digest}", CollectionStatus.Ok, null, Engine)
    {
        MemoryLimitBytes = 8L * 1024 * 1024 * 1024,
        MemoryLimitSource = "ml.m5.large",
        PingTimeoutSeconds = 480,
        PingTimeoutSource = "the default startup window",
        PingReadyMs = 850,
        PeakMemoryBytes = 300L * 1024 * 1024,
        Removed = true,
    };

    public static FactsSnapshot With(RunTestFacts? test, CollectionStatus run = CollectionStatus.Ok, string? runMessage = null)
    {
        var facts = Snapshot();
        return facts with
        {
            Collectors = facts.Collectors.Append(new CollectorRun(CollectorNames.RunTest, run, runMessage)).ToArray(),
            RunTests = test is null ? [] : [test],
        };
    }

    public static ModelPlan ModelWithVolume(int? volumeGb) => Model(null, "ml.m5.large") with
    {
        Variants = [new VariantPlan("AllTraffic", "vpc-model", new Located<string>("ml.m5.large", null), 1, null) { VolumeSizeInGB = volumeGb }],
    };
}
