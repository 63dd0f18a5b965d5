using ChatHub.Conversation.Images;
using ChatHub.Inference.OpenAiCompatible;
using Microsoft.Extensions.Options;

namespace ChatHub.Hub.ModelStage;

/// <summary>
/// The model accepts images when it is an OpenAI-compatible server configured as a vision model
/// (<c>Inference:OpenAI:Endpoint</c> and <c>Inference:OpenAI:Vision=true</c>). The local llama.cpp backend and the
/// model-less fallback do not (the person is told politely).
/// </summary>
internal sealed class HubModelImageSupport(IOptions<OpenAiCompatibleOptions> openAi) : IModelImageSupport
{
    public bool AcceptsImages { get; } = openAi.Value.Endpoint is not null && openAi.Value.Vision;
}
