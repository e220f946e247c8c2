internal import Foundation
internal import Hummingbird
internal import ParleyMessaging
internal import ParleyThreads

extension MemoryController {
    func addExchangeRoutes(to group: RouterGroup<ParleyRequestContext>) {
        // TMX import and export come with the TMX reader (issue 16, exchange).
    }
}
