using Cocona;
using PreflightCheck.Collectors.Registry;
using PreflightCheck.Core;

namespace PreflightCheck.Cli.Commands;

public sealed class PinCommand
{
    [Command("pin", Description = "Resolve a tag to its digest through the registry and print the digest-form reference")]
    public Task<int> Pin(
        RegistryAccessOptions access,
        [Argument(Name = "IMAGE", Description = "host/repository[:tag]")] string image) =>
        CommandRunner.RunAsync(async () =>
        {
            var context = Collection.Context(access, common: null, Console.In);
            try
            {
                var pinned = await new ImagePinner(context).PinAsync(image, CancellationToken.None).ConfigureAwait(false);
                Console.Out.Write(pinned.Format());
                return 0;
            }
            catch (PinException ex)
            {
                // The registry could not say: not a usage error, but the digest is unknown.
                Console.Error.WriteLine($"error: {image}: {ex.Message}");
                return 3;
            }
        });
}
