namespace PreflightCheck.IntegrationTests.Infrastructure;

/// <summary>The image set most registry tests need, pushed once per registry. Repositories are fixed so tests can name them.</summary>
internal sealed record StandardImages(
    PushResult DockerAmd64,
    PushResult OciAmd64,
    PushResult DockerArm64,
    PushResult OciIndex,
    PushResult DockerManifestList,
    PushResult NoEntrypoint,
    PushResult CmdOnly)
{
    public const string Tag = "v1";
    public const string DockerAmd64Repository = "std/docker-amd64";
    public const string OciAmd64Repository = "std/oci-amd64";
    public const string DockerArm64Repository = "std/docker-arm64";
    public const string OciIndexRepository = "std/oci-index";
    public const string DockerManifestListRepository = "std/docker-list";
    public const string NoEntrypointRepository = "std/no-entrypoint";
    public const string CmdOnlyRepository = "std/cmd-only";

    /// <summary>Writes the layouts and pushes them all concurrently with skopeo.</summary>
    public static async Task<StandardImages> SeedAsync(RegistryServer registry)
    {
        using var amd64 = TestImages.WriteSingle(ImageSpec.Amd64);
        using var arm64 = TestImages.WriteSingle(ImageSpec.Arm64);
        using var multi = TestImages.WriteMultiArch([ImageSpec.Amd64, ImageSpec.Arm64]);
        using var none = TestImages.WriteSingle(ImageSpec.Amd64 with { Entrypoint = EntrypointStyle.None });
        using var cmd = TestImages.WriteSingle(ImageSpec.Amd64 with { Entrypoint = EntrypointStyle.CmdOnly });

        var pushes = new[]
        {
            TestImages.PushAsync(amd64, registry, DockerAmd64Repository, Tag, PushFormat.DockerV2S2),
            TestImages.PushAsync(amd64, registry, OciAmd64Repository, Tag, PushFormat.Oci),
            TestImages.PushAsync(arm64, registry, DockerArm64Repository, Tag, PushFormat.DockerV2S2),
            TestImages.PushAsync(multi, registry, OciIndexRepository, Tag),
            TestImages.PushAsync(multi, registry, DockerManifestListRepository, Tag, PushFormat.DockerV2S2),
            TestImages.PushAsync(none, registry, NoEntrypointRepository, Tag, PushFormat.DockerV2S2),
            TestImages.PushAsync(cmd, registry, CmdOnlyRepository, Tag, PushFormat.DockerV2S2),
        };
        var r = await Task.WhenAll(pushes).ConfigureAwait(false);
        return new StandardImages(r[0], r[1], r[2], r[3], r[4], r[5], r[6]);
    }
}
