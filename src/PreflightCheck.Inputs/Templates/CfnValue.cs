using PreflightCheck.Core.Plan;
using PreflightCheck.Inputs.Json;

namespace PreflightCheck.Inputs.Templates;

/// <summary>A template value after static resolution; <see cref="Source"/> is the template node it came from.</summary>
internal abstract record CfnValue(JNode Source)
{
    public SourceLocation Location => Source.Location;
}

internal sealed record CfnScalar(string Text, JNode Source) : CfnValue(Source);

internal sealed record CfnList(IReadOnlyList<CfnValue> Items, JNode Source) : CfnValue(Source);

internal sealed record CfnMap(IReadOnlyList<(string Name, CfnValue Value)> Properties, JNode Source) : CfnValue(Source)
{
    public CfnValue? this[string name] => Properties.FirstOrDefault(p => p.Name == name).Value;
}

/// <summary>The name of an <c>AWS::SageMaker::Model</c> resource (<c>!Ref Model</c>, <c>!GetAtt Model.ModelName</c>); <see cref="Name"/> is null when CloudFormation generates it.</summary>
internal sealed record CfnModelRef(string LogicalId, string? Name, JNode Source) : CfnValue(Source);

/// <summary><c>AWS::NoValue</c>: the property is left out.</summary>
internal sealed record CfnNoValue(JNode Source) : CfnValue(Source);

/// <summary>
/// A value that cannot be known before deployment; <see cref="Source"/> is the outermost expression that depends on it,
/// <see cref="Reason"/> says why when the expression alone does not (a condition nobody can evaluate), and
/// <see cref="ResourceType"/> is set when the value is known to be an attribute of that resource of the template.
/// </summary>
internal sealed record CfnUnresolved(JNode Source, string? Reason = null, string? ResourceType = null, string? LogicalId = null) : CfnValue(Source);
