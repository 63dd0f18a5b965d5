namespace ChatHub.Inference.ModelStage;

/// <summary>The hub's moderation, applied to the whole rendered prompt by <see cref="PromptSafetyFilter"/>.</summary>
public interface IPromptModeration
{
    /// <summary>The text with unwanted words masked (the same text when there are none).</summary>
    string Mask(string text);
}
