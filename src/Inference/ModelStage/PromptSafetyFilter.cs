using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace ChatHub.Inference.ModelStage;

/// <summary>
/// Runs on every rendered prompt before it reaches the model: the hub's moderation masks unwanted words
/// (<see cref="IPromptModeration"/>, when the hub provides it) and, with <c>Inference:RedactPersonalData</c>, e-mail
/// addresses and phone numbers are masked (<see cref="PersonalDataMasker"/>) — in the system prompt, the grounding and
/// every earlier turn alike.
/// </summary>
internal sealed class PromptSafetyFilter : IPromptRenderFilter
{
    private readonly IPromptModeration? _moderation;
    private readonly bool _redact;

    public PromptSafetyFilter(IPromptModeration? moderation, IOptions<PromptFilterOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _moderation = moderation;
        _redact = options.Value.RedactPersonalData;
    }

    public async Task OnPromptRenderAsync(PromptRenderContext context, Func<PromptRenderContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        await next(context);
        if (context.RenderedPrompt is not { } prompt)
        {
            return;
        }

        if (_moderation is not null)
        {
            prompt = _moderation.Mask(prompt);
        }

        if (_redact)
        {
            prompt = PersonalDataMasker.Mask(prompt);
        }

        context.RenderedPrompt = prompt;
    }
}
