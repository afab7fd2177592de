-- Coral's Lua functions against the real ACS and a simulated TR-098 CPE (CwmpWholeStackIT).
local sn = "HUAWNFYC-35454645"
local wlan = "InternetGatewayDevice.LANDevice.1.WLANConfiguration."

local function envelope(body)
  return [[<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-0"
  xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <soap:Header/><soap:Body>]] .. body .. [[</soap:Body></soap:Envelope>]]
end

local d = get_device(sn)
print("device " .. d.sn .. " cwmp=" .. tostring(d.cwmp) .. " model=" .. d.data_model)
print("missing " .. tostring(get_device("NO-SUCH-DEVICE")))
print("all " .. #get_all_devices())
print("alias " .. tostring(set_device_alias(sn, "lab-router")))

local stored = get_parameters(sn, "InternetGatewayDevice.DeviceInfo.")
print("stored sw " .. stored["InternetGatewayDevice.DeviceInfo.SoftwareVersion"])

local hw = send_cwmp_rpc(sn, "GetParameterValues", {names = {"InternetGatewayDevice.DeviceInfo.HardwareVersion"}})
print("rpc hw " .. hw["InternetGatewayDevice.DeviceInfo.HardwareVersion"])

local names = send_cwmp_message(sn, envelope([[<cwmp:GetParameterNames>
  <ParameterPath>]] .. wlan .. [[1.</ParameterPath><NextLevel>true</NextLevel></cwmp:GetParameterNames>]]), 4)
local writable = 0
for _, n in ipairs(names) do if n.writable then writable = writable + 1 end end
print("names " .. #names .. " writable " .. writable)

local added = send_cwmp_message(sn, envelope([[<cwmp:AddObject><ObjectName>]] .. wlan ..
  [[</ObjectName><ParameterKey>tour</ParameterKey></cwmp:AddObject>]]), 2)
print("added " .. added.instance_number)
local deleted = send_cwmp_message(sn, envelope([[<cwmp:DeleteObject><ObjectName>]] .. wlan .. added.instance_number ..
  [[.</ObjectName><ParameterKey>tour</ParameterKey></cwmp:DeleteObject>]]), 3)
print("deleted " .. tostring(deleted))

local ok, fault = send_cwmp_message(sn, envelope([[<cwmp:SetParameterValues><ParameterList>
  <ParameterValueStruct><Name>InternetGatewayDevice.DeviceInfo.SerialNumber</Name><Value>x</Value></ParameterValueStruct>
  </ParameterList><ParameterKey>tour</ParameterKey></cwmp:SetParameterValues>]]), 1)
local f = type(ok) == "table" and ok or fault
print("fault " .. f.error_code .. " " .. f.parameter_faults[1].fault_code)

local task = send_cwmp_async_message(sn, envelope([[<cwmp:GetParameterValues><ParameterNames>
  <string>InternetGatewayDevice.DeviceInfo.UpTime</string></ParameterNames></cwmp:GetParameterValues>]]), 0)
print("task " .. tostring(task.task_id ~= nil))

print("refresh " .. tostring(refresh_device_parameters(sn)))
local cred = create_or_update_device_credential("tour-user", "tour-secret")
print("credential " .. tostring(cred.ok) .. " " .. cred.username)
print("ids " .. next_id("tour") .. "," .. next_id("tour"))
local json = json_encode({a = 1})
print("json " .. json .. " " .. json_decode('{"b":2}').b)
