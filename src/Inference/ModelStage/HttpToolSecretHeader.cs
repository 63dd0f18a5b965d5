namespace ChatHub.Inference.ModelStage;

/// <summary>A header with a secret value (an API key) for an operator HTTP tool.</summary>
public sealed class HttpToolSecretHeader
{
    public string? Name { get; set; }

    public string? Value { get; set; }

    public override string ToString() => $"{Name}: ***";
}
