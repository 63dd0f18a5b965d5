using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The ConversationReferenceStore contract against garnet-server.</summary>
[Collection(GarnetCollection.Name)]
public sealed class GarnetConversationReferenceStoreTests(GarnetBackend backend) : ConversationReferenceStoreSpec(backend);
