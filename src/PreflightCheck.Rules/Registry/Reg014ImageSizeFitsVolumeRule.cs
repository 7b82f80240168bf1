using System.Globalization;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Rules.Registry;

/// <summary>PFC-REG-014: the image's layers (sum of the manifest's layer sizes) fit the variant's VolumeSizeInGB.</summary>
internal sealed class ImageSizeFitsVolumeRule : RegistryRule
{
    public override string Id => "PFC-REG-014";

    protected override Verdict Judge(RuleContext context, ModelPlan model, ContainerPlan container, RegistryFacts registry, RegistryImageFacts image)
    {
        var volumes = model.Variants.Where(v => v.VolumeSizeInGB is not null).ToList();
        if (volumes.Count == 0)
        {
            return new Verdict(Outcome.NotApplicable, $"No production variant of model {model.Name} sets VolumeSizeInGB, and the default storage of each instance type is not known to this tool.");
        }

        var manifest = image.Manifest;
        if (manifest is not { Status: CollectionStatus.Ok })
        {
            return new Verdict(Outcome.Unknown, $"The size of {Ref(image)} is not known: the manifest was not fetched (see PFC-REG-005).");
        }

        var sizes = manifest.IsIndex
            ? manifest.Platforms.Select(p => p.Config?.LayersSize).ToList()
            : [manifest.Config?.LayersSize];
        if (sizes.Count == 0 || sizes.Any(s => s is null))
        {
            return new Verdict(Outcome.Unknown, $"The size of {Ref(image)} is not known: the image manifest's layer list was not read.");
        }

        var size = sizes.Max()!.Value;
        var evidence = new Dictionary<string, string>(StringComparer.Ordinal) { ["layersBytes"] = size.ToString(CultureInfo.InvariantCulture) };
        var tight = volumes.Where(v => v.VolumeSizeInGB!.Value * 1_000_000_000L <= size).Select(v => $"{v.VariantName} ({v.VolumeSizeInGB} GB)").ToArray();
        evidence["volumes"] = string.Join(", ", volumes.Select(v => $"{v.VariantName}={v.VolumeSizeInGB} GB"));
        return tight.Length == 0
            ? new Verdict(Outcome.Pass, $"{Ref(image)} has {Gb(size)} of compressed layers, less than every variant's VolumeSizeInGB; unpacked it takes more, so leave room.", evidence)
            : new Verdict(Outcome.Fail, $"{Ref(image)} has {Gb(size)} of compressed layers, more than the VolumeSizeInGB of {string.Join(", ", tight)}: the image cannot be stored, let alone unpacked. Raise VolumeSizeInGB or shrink the image.", evidence);
    }

    private static string Gb(long bytes) => $"{bytes / 1e9:0.###} GB";
}
