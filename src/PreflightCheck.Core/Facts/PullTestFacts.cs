namespace PreflightCheck.Core.Facts;

/// <summary>
/// A pull of one container's image through a Docker Engine API (<c>--pull-test</c>) with the run's credentials.
/// <see cref="Message"/> is the daemon's own text, with the password cut out should the daemon echo it.
/// </summary>
internal sealed record PullTestFacts(
    string Model,
    string Container,
    string Image,
    CollectionStatus Status,
    string? Message,
    long DurationMs,
    string Endpoint);
