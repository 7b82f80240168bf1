namespace PreflightCheck.Core.Facts;

/// <summary>What the registry collector learned about one registry. Filled in by the registry issue.</summary>
internal sealed record RegistryFacts(string Host, int Port);
