using ChatHub.Conversation.Memory;
using ChatHub.Inference.ModelStage;

namespace ChatHub.Hub.ModelStage;

/// <summary>The model's <c>remember</c> tool, kept by the hub's memory service (the same rules as "remember that …").</summary>
internal sealed class HubPersonMemory(MemoryService memory) : IPersonMemory
{
    public async ValueTask<string> RememberAsync(string personId, string platform, string fact, CancellationToken cancellationToken) =>
        await memory.RememberAsync(personId, platform, fact, cancellationToken);
}
