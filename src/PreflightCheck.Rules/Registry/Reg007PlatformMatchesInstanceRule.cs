using System.Text.RegularExpressions;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Rules.Registry;

/// <summary>PFC-REG-007: linux/amd64 for x86 instance types, linux/arm64 for Arm (Graviton, Grace) ones, per production variant.</summary>
internal sealed partial class PlatformMatchesInstanceRule : RegistryRule
{
    public override string Id => "PFC-REG-007";

    /// <summary>
    /// Arm families: Graviton ones carry a <c>g</c> among the attribute letters after the generation (c6g, c7gn, r7gd, m8g);
    /// Grace Blackwell superchips are named <c>-gb</c> after the family (p6e-gb200), while p6-b200 keeps x86 hosts.
    /// </summary>
    [GeneratedRegex(@"^ml\.[a-z]+\d+([a-z]*g[a-z]*|[a-z]*-gb\d+)\.", RegexOptions.CultureInvariant)]
    private static partial Regex Arm();

    public static string ArchitectureFor(string instanceType) => Arm().IsMatch(instanceType) ? "arm64" : "amd64";

    protected override Verdict Judge(RuleContext context, ModelPlan model, ContainerPlan container, RegistryFacts registry, RegistryImageFacts image)
    {
        var variants = model.Variants
            .Where(v => v.InstanceType is not null && (v.ModelName is null || v.ModelName == model.Name))
            .ToArray();
        if (variants.Length == 0)
        {
            return new Verdict(Outcome.NotApplicable, $"No production variant with an instance type is known for model {model.Name}; give the endpoint configuration to check the image platform.");
        }

        var manifest = image.Manifest;
        if (manifest is not { Status: CollectionStatus.Ok })
        {
            return new Verdict(Outcome.Unknown, $"The platform of {Ref(image)} is not known: {ManifestNotFetched(registry)}.");
        }

        List<string> platforms;
        if (manifest.IsIndex)
        {
            platforms = manifest.Platforms.Select(p => $"{p.Os}/{p.Architecture}").ToList();
        }
        else if (manifest.Config is { Status: CollectionStatus.Ok, Os: { } os, Architecture: { } arch })
        {
            platforms = [$"{os}/{arch}"];
        }
        else
        {
            return new Verdict(Outcome.Unknown, $"The platform of {Ref(image)} is not known: the image config was not read{Suffix(manifest.Config?.Message)}.");
        }

        var evidence = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["platforms"] = string.Join(", ", platforms),
            ["instanceTypes"] = string.Join(", ", variants.Select(v => $"{v.VariantName}={v.InstanceType!.Value}")),
        };
        var missing = variants
            .Select(v => (Variant: v, Needed: "linux/" + ArchitectureFor(v.InstanceType!.Value)))
            .Where(x => !platforms.Contains(x.Needed, StringComparer.Ordinal))
            .ToArray();
        if (missing.Length == 0)
        {
            return new Verdict(Outcome.Pass, $"{Ref(image)} provides {string.Join(", ", variants.Select(v => "linux/" + ArchitectureFor(v.InstanceType!.Value)).Distinct())} for {string.Join(", ", variants.Select(v => v.InstanceType!.Value).Distinct())}.", evidence);
        }

        var first = missing[0];
        return new Verdict(
            Outcome.Fail,
            $"Variant {first.Variant.VariantName} runs on {first.Variant.InstanceType!.Value}, which needs {first.Needed}, but {Ref(image)} provides only {string.Join(", ", platforms)}: the container would fail the ping health check. Build the image for {first.Needed} (or a multi-arch index), or choose a matching instance type.",
            evidence);
    }
}
