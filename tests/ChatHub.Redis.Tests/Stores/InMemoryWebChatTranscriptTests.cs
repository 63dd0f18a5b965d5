using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The WebChatTranscript contract against the embedded implementation.</summary>
public sealed class InMemoryWebChatTranscriptTests() : WebChatTranscriptSpec(new InMemoryBackend());
