namespace ChatHub.Inference.ModelStage;

/// <summary><c>Inference:RedactPersonalData</c>: mask e-mail addresses and phone numbers before a prompt reaches the model.</summary>
public sealed class PromptFilterOptions
{
    public const string SectionName = "Inference";

    public bool RedactPersonalData { get; set; }
}
