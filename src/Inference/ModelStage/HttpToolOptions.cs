namespace ChatHub.Inference.ModelStage;

/// <summary>
/// One operator HTTP tool (<c>Inference:Tools:Http:N</c>): the model calls it by <see cref="Name"/> with arguments that
/// match <see cref="Parameters"/>; the hub fills <see cref="Url"/>'s <c>{placeholders}</c> with them (escaped), sends
/// the rest as a JSON body (POST) or query (GET), with <see cref="SecretHeader"/> when set. The secret never appears in
/// <see cref="ToString()"/>, in logs or in what the model sees.
/// </summary>
public sealed class HttpToolOptions
{
    /// <summary>The tool's name: letters, digits and underscores, at most 64 characters.</summary>
    public string? Name { get; set; }

    /// <summary>What the tool does, for the model.</summary>
    public string? Description { get; set; }

    /// <summary>The JSON schema of the arguments (an object schema); none: no arguments.</summary>
    public string? Parameters { get; set; }

    /// <summary>GET or POST.</summary>
    public string Method { get; set; } = "GET";

    /// <summary>An absolute http(s) URL whose host is in <see cref="ToolOptions.AllowedHosts"/>; <c>{name}</c> takes an argument.</summary>
    public string? Url { get; set; }

    /// <summary>A header sent with every call, its value from configuration (an environment variable, a secret store).</summary>
    public HttpToolSecretHeader? SecretHeader { get; set; }

    public override string ToString() =>
        $"Name={Name}, Method={Method}, Url={Url}, SecretHeader={(SecretHeader is null ? "(none)" : SecretHeader.Name + ": ***")}";
}
