import CMosquitto
import Foundation

/// Conversion between `MQTTPublishProperties` and libmosquitto's property lists.
enum MosquittoProperties {
    /// Builds a property list the caller must free with `mosquitto_property_free_all`; nil when empty.
    static func make(_ properties: MQTTPublishProperties) throws(MQTTError) -> OpaquePointer? {
        var list: OpaquePointer?
        var rc = Int32(MOSQ_ERR_SUCCESS.rawValue)
        if let contentType = properties.contentType {
            rc = mosquitto_property_add_string(&list, Int32(MQTT_PROP_CONTENT_TYPE.rawValue), contentType)
        }
        if rc == 0, let expiry = properties.messageExpiry {
            rc = mosquitto_property_add_int32(&list, Int32(MQTT_PROP_MESSAGE_EXPIRY_INTERVAL.rawValue), expiry)
        }
        for property in properties.userProperties where rc == 0 {
            rc = mosquitto_property_add_string_pair(
                &list, Int32(MQTT_PROP_USER_PROPERTY.rawValue), property.name, property.value)
        }
        guard rc == 0 else {
            mosquitto_property_free_all(&list)
            throw .mosquitto("mosquitto_property_add (publish properties)", rc: rc)
        }
        return list
    }

    /// Reads the properties SkyRelay uses from a received PUBLISH; others are ignored.
    static func read(_ list: OpaquePointer?) -> MQTTPublishProperties {
        var result = MQTTPublishProperties()
        var property = list
        while let current = property {
            switch mosquitto_property_identifier(current) {
            case Int32(MQTT_PROP_CONTENT_TYPE.rawValue):
                var value: UnsafeMutablePointer<CChar>?
                if mosquitto_property_read_string(current, Int32(MQTT_PROP_CONTENT_TYPE.rawValue), &value, false)
                    != nil, let value
                {
                    result.contentType = String(cString: value)
                    free(value)
                }
            case Int32(MQTT_PROP_MESSAGE_EXPIRY_INTERVAL.rawValue):
                var value: UInt32 = 0
                if mosquitto_property_read_int32(
                    current, Int32(MQTT_PROP_MESSAGE_EXPIRY_INTERVAL.rawValue), &value, false) != nil
                {
                    result.messageExpiry = value
                }
            case Int32(MQTT_PROP_USER_PROPERTY.rawValue):
                var name: UnsafeMutablePointer<CChar>?
                var value: UnsafeMutablePointer<CChar>?
                if mosquitto_property_read_string_pair(
                    current, Int32(MQTT_PROP_USER_PROPERTY.rawValue), &name, &value, false) != nil,
                    let name, let value
                {
                    result.userProperties.append(MQTTUserProperty(String(cString: name), String(cString: value)))
                }
                free(name)
                free(value)
            default:
                break
            }
            property = mosquitto_property_next(current)
        }
        return result
    }
}
