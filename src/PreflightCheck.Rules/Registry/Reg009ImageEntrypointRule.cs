using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Rules.Registry;

/// <summary>PFC-REG-009: SageMaker runs <c>docker run IMAGE serve</c>; without an ENTRYPOINT, <c>serve</c> must be on PATH.</summary>
internal sealed class ImageEntrypointRule : RegistryRule
{
    public override string Id => "PFC-REG-009";

    protected override Verdict Judge(RuleContext context, ModelPlan model, ContainerPlan container, RegistryFacts registry, RegistryImageFacts image)
    {
        var manifest = image.Manifest;
        if (manifest is not { Status: CollectionStatus.Ok })
        {
            return new Verdict(Outcome.Unknown, $"The entrypoint of {Ref(image)} is not known: {ManifestNotFetched(registry)}.");
        }

        var configs = manifest.IsIndex
            ? manifest.Platforms.Where(p => p.Config is not null).Select(p => (Name: $"{p.Os}/{p.Architecture}", Config: p.Config!)).ToList()
            : manifest.Config is null ? [] : [(Name: "image", Config: manifest.Config)];
        var read = configs.Where(c => c.Config.Status == CollectionStatus.Ok).ToList();
        if (read.Count == 0)
        {
            return new Verdict(Outcome.Unknown, $"The entrypoint of {Ref(image)} is not known: the image config was not read{Suffix(configs.FirstOrDefault().Config?.Message)}.");
        }

        var evidence = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, config) in read)
        {
            evidence[$"{name}.entrypoint"] = config.Entrypoint is { Count: > 0 } e ? string.Join(' ', e) : "(none)";
            evidence[$"{name}.cmd"] = config.Cmd is { Count: > 0 } c ? string.Join(' ', c) : "(none)";
        }

        var without = read.Where(c => c.Config.Entrypoint is not { Count: > 0 }).Select(c => c.Name).ToArray();
        return without.Length == 0
            ? new Verdict(Outcome.Pass, $"{Ref(image)} has an ENTRYPOINT; SageMaker passes it the argument `serve`.", evidence)
            : new Verdict(Outcome.Unknown, $"{Ref(image)} ({string.Join(", ", without)}) has no ENTRYPOINT, so SageMaker runs `serve` as the command: it must be an executable on PATH, which this tool does not look for inside the layers. Set an ENTRYPOINT or make sure `serve` is on PATH.", evidence);
    }
}
