using ChatHub.Conversation.Moderation;
using ChatHub.Inference.ModelStage;

namespace ChatHub.Hub.ModelStage;

/// <summary>The model stage's prompt-render filter masks the hub's word list in the whole rendered prompt.</summary>
internal sealed class HubPromptModeration(ModerationService moderation) : IPromptModeration
{
    public string Mask(string text) => moderation.Mask(text);
}
