using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The WebChatTranscript contract against garnet-server.</summary>
[Collection(GarnetCollection.Name)]
public sealed class GarnetWebChatTranscriptTests(GarnetBackend backend) : WebChatTranscriptSpec(backend);
