"""The demo district's appeals: invented residents writing about invented troubles.

`generate_appeal_texts(n, seed)` builds as many varied appeals as wanted from per-category
scenarios with slots (roads, estates, months, amounts...), so other parts can use it too:
each of the 15 level-1 categories has its own vocabulary (a classifier can learn them)
and the same seed always gives the same appeals.  Every person and number is made up;
nothing comes from real messages.  Phone numbers follow the 139-0000-xxxx pattern.
"""

import datetime
import random

from django.utils import timezone

from huying.appeals.actions import submit_appeal
from huying.appeals.models import Appeal
from huying.appeals.validators import id_check_character, normalise_phone
from huying.demo.organisation import STREETS
from huying.taxonomy.models import Category

# Roads and estates near each street (invented, matching the demo streets' names).
PLACES = {
    "经二路街道办事处": {
        "roads": ["经二路", "渭工路", "汉中路", "经一路", "红旗路"],
        "estates": ["渭工小区", "经二路家属院", "汉中路北区", "红旗新村", "渭滨花园"],
    },
    "清姜街道办事处": {
        "roads": ["清姜路", "茵香路", "晁峪路", "姜谭路", "清姜三路"],
        "estates": ["清姜小区", "茵香河畔", "晁峪新村", "姜谭佳苑", "铁路生活区"],
    },
    "金陵街道办事处": {
        "roads": ["金陵路", "新民路", "河滨路", "公园路", "金台大道"],
        "estates": ["金陵花园", "新民路小区", "河滨家园", "公园南苑", "金台阳光城"],
    },
    "桥南街道办事处": {
        "roads": ["桥南路", "峪泉路", "姜城路", "渭河南路", "宝光路"],
        "estates": ["桥南新村", "峪泉小区", "姜城堡小区", "渭河南岸花园", "宝光苑"],
    },
    "神农镇人民政府": {
        "roads": ["神农路", "蒙峪路", "杨家湾路", "峪口街", "东岭路"],
        "estates": ["神农镇街道", "蒙峪新村", "镇政府家属院", "东岭安置小区", "峪口小区"],
    },
}
VILLAGES = ["东岭村", "峪口村", "杨家湾村", "蒙峪村", "神农村", "上王村", "下马营村"]
RURAL_STREET = "神农镇人民政府"

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢"
GIVEN = [
    "秀兰",
    "建国",
    "桂英",
    "志强",
    "玉梅",
    "海燕",
    "国庆",
    "小军",
    "丽娟",
    "永红",
    "文博",
    "子涵",
    "雨桐",
    "德明",
    "淑芬",
    "晓东",
    "红霞",
    "卫东",
    "春生",
    "佳怡",
    "浩然",
    "明轩",
    "凤英",
    "大勇",
    "金花",
    "振华",
]
COMPOUND = ["欧阳", "司马", "上官"]

COMMON = {
    "months": ["两个多月", "三个月", "半年", "快一年", "一个多月", "四五个月"],
    "days": ["一周", "十来天", "半个月", "二十多天", "好几天"],
    "n": ["两", "三", "四", "五", "六", "七"],
    "time": ["晚上十点以后", "凌晨两三点", "每天早上六点多", "中午休息时间", "晚上十一点到凌晨"],
    "school": ["清姜路小学", "金陵中学", "渭工路幼儿园", "区实验小学", "桥南初级中学", "神农镇中心小学"],
    "hospital": ["区人民医院", "区中医医院", "金陵社区卫生服务中心", "神农镇卫生院", "清姜社区卫生服务站"],
    "company": [
        "清渭精密机械有限公司",
        "宏达建材商行",
        "渭滨食品有限公司",
        "秦岭阀门制造厂",
        "金台物流有限公司",
        "鑫源建筑劳务公司",
    ],
    "shop": ["一家烧烤店", "一家火锅店", "一家小炒馆", "一家麻辣烫店", "一家夜宵排档"],
    "amount": ["三千多元", "八千元", "一万二千元", "四千五百元", "两万多元", "六千元"],
    "year": ["2025年", "2024年"],
    "bus": ["8路", "15路", "23路", "31路", "K2路", "46路"],
    "product": ["汽车零部件", "中药饮片", "不锈钢阀门", "包装纸箱", "面制食品", "电子线束"],
    "scenic": ["清姜河湿地公园", "渭河南岸公园", "秦岭北麓步道", "神农古镇"],
    "window": ["企业开办", "社保医保", "不动产登记", "税务综合"],
}

# level-1 category -> (scenarios, extra sentences).  A scenario is (kind, level-2 name, title, body).
C = "complaint"
H = "help"
E = "enquiry"
S = "suggestion"
R = "report"
P = "praise"
CATEGORIES = {
    "城乡建设": (
        [
            (
                C,
                "城市建设和市政管理",
                "{road}路灯长期不亮",
                "{road}靠近{estate}的一段路灯已经坏了{months}，晚上一片漆黑，老人孩子出门很不安全，前几天还有人骑电动车摔倒在路边。",
            ),
            (
                C,
                "城市建设和市政管理",
                "{estate}电梯频繁故障",
                "{estate}{building}的电梯这{months}里停了不下{n}次，有一次把人困在里面半个多小时。物业说维修资金申请不下来，一直拖着，楼里好几位老人上下楼非常困难。",
            ),
            (
                H,
                "城市建设和市政管理",
                "{estate}暖气不热",
                "今年供暖开始后，{estate}{building}家里暖气一直不热，室温只有十二三度。找过供热站{n}次，来人放了气还是不行，家里有小孩和老人，请帮忙协调解决。",
            ),
            (
                C,
                "城乡规划",
                "{estate}一楼住户私搭乱建",
                "{estate}{building}一楼住户把院子围起来加盖了彩钢房，占用了消防通道，还把下水管接到了公共绿地上，多次向物业反映都没有效果。",
            ),
            (
                S,
                "城市建设和市政管理",
                "建议在{road}增设公共厕所",
                "{road}一带是老街区，早市和菜场人流量大，附近却没有一座公共厕所。建议在{road}与{road2}交叉口附近增设一座，方便老人和商户。",
            ),
            (
                C,
                "住房保障与房地产",
                "{estate}开发商逾期交房",
                "我在{estate}买的房子合同约定{year}底交房，现在已经逾期{months}，开发商一直说在办竣工验收，也不支付逾期违约金，业主们很着急。",
            ),
            (
                P,
                "城市建设和市政管理",
                "感谢维修师傅及时修好{road}的井盖",
                "上周{road}有一个井盖破损，我打电话反映后第二天市政的师傅就来更换了，还在周围设了警示牌，办事效率很高，特此表扬。",
            ),
        ],
        [
            "小区物业和市政都说不归自己管，互相推诿。",
            "老旧小区改造时说会一并解决，到现在也没有动静。",
            "雨天路面积水，井盖松动，存在安全隐患。",
        ],
    ),
    "环境保护": (
        [
            (
                C,
                "环境污染",
                "{road}{shop}油烟扰民",
                "{road}临街的{shop}每天从下午营业到{time}，油烟直接排到居民楼下，窗户都不敢开，晾的衣服全是油烟味。",
            ),
            (
                C,
                "环境污染",
                "{estate}旁工地夜间施工噪音大",
                "{estate}旁边的工地连续{days}在{time}施工，打桩机和渣土车的噪音很大，周边居民根本睡不着。请核实是否办理了夜间施工许可。",
            ),
            (
                C,
                "环境污染",
                "{village}附近河道疑似偷排污水",
                "{village}旁边的小河这段时间河水发黑发臭，在{road}桥下能看到一根管子往河里排污水，下游还有村民在河边浇地。",
            ),
            (
                C,
                "环境污染",
                "{company}排放刺鼻异味",
                "{company}每天{time}排放刺鼻气味，附近{estate}的居民闻了头晕嗓子疼，已经持续{months}，怀疑废气处理设施没有正常运行。",
            ),
            (
                S,
                "环保管理",
                "建议{community}增加垃圾分类投放点",
                "{community}只有{n}个垃圾分类投放点，离部分楼栋太远，很多人图省事把垃圾混着扔。建议增加投放点并安排督导员定时引导。",
            ),
            (
                C,
                "环境污染",
                "{road}渣土车扬尘严重",
                "{road}每天有大量渣土车经过，车斗不苫盖，路面全是泥土，一起风就尘土飞扬，沿街商户和行人苦不堪言。",
            ),
        ],
        [
            "环保热线打过几次，来人看了一眼就走了。",
            "晚上的噪音分贝明显超标，孩子第二天还要上学。",
            "希望环保部门夜间突击检查。",
        ],
    ),
    "交通运输": (
        [
            (
                S,
                "交通运输",
                "建议{bus}公交延长末班车时间",
                "{bus}公交末班车是晚上八点，{community}很多居民在工业园上班，下班赶不上车只能打车。建议把末班车延长到九点半，或者早晚高峰加密班次。",
            ),
            (
                C,
                "出租车管理",
                "出租车拒载并故意绕路",
                "{days}前我在{road}打出租车去{hospital}，司机先是嫌路近拒载，后来又故意绕路，多收了二十多元，车上也没有打表。",
            ),
            (
                C,
                "建设管理",
                "{road}路面坑洼不平",
                "{road}从{road2}路口到{school}的一段路面坑洼很多，下雨就积水，电动车经过很容易滑倒，已经有{n}个人在这里摔伤了。",
            ),
            (
                H,
                "客货运输",
                "{village}村民进城坐车难",
                "{village}到镇上只有一班客车，每天早上七点一趟，错过了就只能走{n}公里到大路上拦车，老人看病很不方便，希望增开班次。",
            ),
            (
                C,
                "交通运输",
                "{bus}公交司机不按站停车",
                "我每天在{road}站坐{bus}公交上班，最近{days}司机经常不进站，在路中间就开门，上下车很危险，有时候干脆直接开过去。",
            ),
            (
                S,
                "交通运输",
                "建议在{road}公交站增设候车亭",
                "{road}公交站只有一块站牌，没有候车亭和座椅，夏天暴晒冬天刮风，等车的多是老人。建议增设候车亭并更新线路信息。",
            ),
        ],
        ["公交公司的电话一直没人接。", "早晚高峰这里车流量很大。", "希望交通部门能统筹考虑线路和站点设置。"],
    ),
    "教育文体": (
        [
            (
                E,
                "考试招生",
                "孩子入学划片咨询",
                "我家住在{estate}，孩子明年秋季上小学，想咨询一下我们小区划片对应的是不是{school}，除了户口本和房产证，还需要准备哪些入学材料。",
            ),
            (
                C,
                "教育收费",
                "{school}课后服务收费不透明",
                "{school}这学期的课后服务每月收费，但没有公示收费标准和服务内容，家长群里问老师也说不清楚，希望教育部门核实。",
            ),
            (
                S,
                "体育",
                "建议{community}增设健身器材",
                "{community}只有一处健身点，器材大多已经损坏，年轻人想打篮球也没有场地。建议利用{road}旁边的空地建一个小型运动场。",
            ),
            (
                C,
                "教育行政管理",
                "{road}一家校外培训机构收费后关门",
                "{road}一家校外培训机构上个月突然关门，我们二十多个家长预交的课时费每人{amount}左右都没退，负责人电话也打不通。",
            ),
            (
                P,
                "教师队伍和待遇",
                "表扬{school}的班主任老师",
                "我家孩子在{school}上学，班主任老师这学期坚持每天晚上在线答疑，孩子生病住院期间还专门上门补课，非常负责，特此表扬。",
            ),
            (
                E,
                "文化",
                "社区图书室开放时间咨询",
                "听说{community}的图书室可以免费借书，想问一下开放时间和办理借书证需要带什么证件，孩子放假想去看书。",
            ),
        ],
        [
            "学位紧张的情况每年都有，希望提前公布。",
            "家长们都很关心这件事。",
            "希望教育部门加强对学校和培训机构的监管。",
        ],
    ),
    "劳动和社会保障": (
        [
            (
                H,
                "工资福利",
                "{company}拖欠工资",
                "我在{company}承包的工地干了{months}，老板拖欠我们{n}个工友的工资，我一个人就有{amount}，过年回家的路费都没有着落。",
            ),
            (
                E,
                "城镇职工社会保险",
                "灵活就业人员养老保险怎么缴",
                "我原来的单位倒闭了，现在打零工，想以灵活就业人员身份继续缴纳养老保险，请问在哪里办理，每年缴费基数怎么选。",
            ),
            (
                E,
                "退休政策及待遇",
                "退休金核算咨询",
                "我{year}办的退休，拿到的养老金比同年退休的同事少了不少，想咨询一下退休金是按照什么标准核算的，视同缴费年限怎么认定。",
            ),
            (
                C,
                "劳动关系",
                "{company}不签劳动合同不缴社保",
                "我在{company}上班快一年了，公司一直不和我们签劳动合同，也不缴社保，说是试用期，问多了就说不想干可以走。",
            ),
            (
                H,
                "就业培训",
                "失业人员想参加技能培训",
                "我今年四十多岁，去年失业后一直没找到合适的工作，听说人社部门有免费的电工、育婴师培训，想报名，请问怎么申请。",
            ),
        ],
        ["劳动监察大队去过一次，老板答应了但一直没兑现。", "社保缴费年限对我们很重要。", "希望人社部门帮助协调。"],
    ),
    "卫生计生": (
        [
            (
                C,
                "食品药品监管",
                "{road}{shop}卫生条件差",
                "前几天在{road}{shop}吃饭，后厨苍蝇很多，餐具也没有消毒，吃完后家里{n}个人都拉肚子，怀疑食材不新鲜。",
            ),
            (
                C,
                "医政监管",
                "{hospital}挂号排队时间过长",
                "带老人到{hospital}看病，早上七点去排队挂号，九点多才挂上，看完医生做检查又排了两个小时，预约挂号的号源很快就没了。",
            ),
            (
                E,
                "公共卫生",
                "老年人免费体检在哪里做",
                "我父母都七十多岁了，听说六十五岁以上老人每年可以免费体检一次，想问一下在{hospital}还是社区卫生服务站做，需要带什么。",
            ),
            (
                S,
                "医政监管",
                "建议{hospital}增加周末门诊",
                "{hospital}周末只有急诊，上班族平时请不了假，孩子看病只能挤在周六早上去急诊，建议周末开放儿科和内科普通门诊。",
            ),
            (
                P,
                "医政监管",
                "表扬{hospital}的医护人员",
                "我母亲前段时间在{hospital}住院做手术，主治医生和护士都非常耐心细致，半夜还来查看情况，我们全家都很感激。",
            ),
            (
                C,
                "医患纠纷",
                "{hospital}检查项目重复收费",
                "在{hospital}住院{days}，出院结账时发现同一项化验收了两次费用，找收费处说要去找科室，科室又让找收费处。",
            ),
        ],
        [
            "家里老人身体不好，经不起来回折腾。",
            "希望卫生健康部门加强监督检查。",
            "疫苗接种和体检的信息希望能在社区公告栏公布。",
        ],
    ),
    "商贸旅游": (
        [
            (
                C,
                "市场监管",
                "{road}超市销售过期食品",
                "我在{road}一家超市买的酸奶回家发现过期三天了，去找店家只同意换一盒，货架上还有好几盒同批次的在卖。",
            ),
            (
                C,
                "商业贸易",
                "健身房关门预付卡无法退款",
                "{road}一家健身房上个月突然停业，我办的年卡还有{n}个多月没用，卡里余额{amount}，商家一直说在转让，不给退款。",
            ),
            (
                S,
                "旅游管理",
                "建议完善{scenic}的停车和指示牌",
                "周末带家人去{scenic}游玩，停车场太小，车都停到了路边，景区里指示牌也很少，很多游客走错路，建议增加停车位和导览标识。",
            ),
            (
                C,
                "质监检验检疫",
                "{road}菜市场有商贩缺斤短两",
                "在{road}菜市场买了两斤排骨，回家用自己的秤称只有一斤六两，同楼的邻居也遇到过，怀疑有商贩的电子秤做了手脚。",
            ),
            (
                E,
                "商业贸易",
                "夜市摊位申请咨询",
                "听说{community}附近要开夜市，我想申请一个小吃摊位，请问去哪里报名，需要办理食品经营许可吗。",
            ),
        ],
        ["消费者权益得不到保障。", "节假日游客很多，这个问题更突出。", "希望市场监管部门查处。"],
    ),
    "经济管理": (
        [
            (
                H,
                "金融财税",
                "小微企业申请贷款贴息",
                "我们是一家做{product}的小微企业，今年订单增加需要扩大生产，想申请政府的创业担保贷款和贴息，跑了几次银行都说额度已满。",
            ),
            (
                C,
                "能源管理",
                "企业新增用电报装时间过长",
                "{company}新上了一条生产线，申请增容用电已经{months}了，供电部门一直说在排队，生产线没法投产，每天都在损失。",
            ),
            (
                E,
                "宏观调控",
                "中小企业扶持资金申报咨询",
                "我公司主要生产{product}，想了解今年中小企业发展专项资金的申报条件和截止时间，需要提交哪些财务材料。",
            ),
            (
                H,
                "金融财税",
                "企业增值税留抵退税进度",
                "{company}去年申请了增值税留抵退税，材料已经补齐{months}了，一直没有到账，企业资金周转非常紧张。",
            ),
            (
                E,
                "能源管理",
                "企业天然气价格调整咨询",
                "我们厂是用天然气的{product}企业，最近收到通知说工业用气价格要上调，想了解调整依据，以及有没有对中小企业的过渡政策。",
            ),
        ],
        ["企业的困难希望政府帮忙协调。", "订单等不起，希望尽快答复。", "联企帮扶的领导来过，说会跟进。"],
    ),
    "国土资源": (
        [
            (
                C,
                "土地资源管理",
                "{village}有人占用耕地建房",
                "{village}村口有人在基本农田上打了地基准备盖房子，已经砌起了半人高的墙，村上说管不了，再不制止耕地就毁了。",
            ),
            (
                E,
                "土地征收",
                "{village}征地补偿标准咨询",
                "我们{village}有一片地要被征收修路，想问一下现在的征地补偿标准是多少，青苗和地上附着物怎么补偿，补偿款什么时候发放。",
            ),
            (
                H,
                "土地资源管理",
                "宅基地确权登记遇到困难",
                "我家在{village}的老宅基地当年有手续，但确权登记时说四至和邻居家有争议，一直办不下来，想请国土部门帮忙测量认定。",
            ),
            (
                C,
                "矿产资源管理",
                "{village}后山有人私自挖沙采石",
                "{village}后山河道这{days}有人晚上开着挖掘机挖沙，河岸被挖得坑坑洼洼，汛期很危险，不知道有没有采砂许可。",
            ),
        ],
        ["地块的位置我可以带工作人员去看。", "村民们意见很大。", "请自然资源部门尽快核查。"],
    ),
    "民政": (
        [
            (
                H,
                "社会救助",
                "家中老人重病申请临时救助",
                "我母亲今年患了重病，住院花了{amount}，家里只靠我一个人打零工，实在撑不下去了，想申请临时救助，请问需要什么材料。",
            ),
            (
                E,
                "福利慈善",
                "高龄津贴怎么领取",
                "我父亲今年满八十岁了，听说八十岁以上老人每月有高龄津贴，请问在{community}还是街道办理，需要带户口本吗。",
            ),
            (
                S,
                "社会服务",
                "建议{community}开办老年食堂",
                "{community}独居老人很多，做饭不方便，经常凑合一顿。建议社区开办老年助餐点，哪怕只管午饭也好，费用我们愿意承担一部分。",
            ),
            (
                H,
                "社会救助",
                "残疾人申请低保被拒",
                "我儿子是二级肢体残疾，我们申请低保被告知家庭收入超标，但收入里算进了早已停发的补贴，希望重新核实。",
            ),
            (
                E,
                "优抚",
                "退役军人优待证办理咨询",
                "我是退役军人，想办理退役军人优待证，请问在哪里申请，现在可以网上办理吗，需要多长时间。",
            ),
        ],
        ["老人行动不便，希望工作人员能上门。", "家庭的实际困难希望能被看到。", "希望民政部门给予帮助。"],
    ),
    "农村农业": (
        [
            (
                H,
                "惠农补贴",
                "种粮补贴一直没有到账",
                "我在{village}种了{n}亩小麦，往年的耕地地力保护补贴都会打到一卡通上，今年到现在还没到账，问村上也说不清楚。",
            ),
            (
                C,
                "水利水电",
                "{village}灌溉水渠堵塞",
                "{village}的灌溉水渠有一段被垃圾和淤泥堵死了，眼看就要浇地，水过不来，村民自己清理不动，希望水利部门帮忙疏通。",
            ),
            (
                H,
                "农资农技",
                "猕猴桃果树病害求技术指导",
                "我家果园的猕猴桃树叶子发黄、枝条流红水，怀疑是溃疡病，打了药也不见好，想请农技站的专家来看看。",
            ),
            (
                C,
                "动物防疫",
                "{village}养殖场乱扔病死猪",
                "{village}旁边的养猪场把死猪扔在河沟里，天热了臭气熏天，担心会传播疫病，也污染了水源。",
            ),
            (
                H,
                "农副产品流通",
                "{village}樱桃滞销求助",
                "今年{village}的樱桃丰收，但收购商压价厉害，还有很多卖不出去，眼看就要烂在树上，希望帮忙联系销路或者电商平台。",
            ),
        ],
        ["村里的合作社也想不出办法。", "农时不等人，希望尽快解决。", "种植户们损失很大。"],
    ),
    "政法": (
        [
            (
                C,
                "社会治安",
                "{road}夜间有人飙车扰民",
                "最近{days}每到{time}就有人在{road}骑改装摩托车飙车，声音震耳，还很危险，附近居民根本没法休息。",
            ),
            (
                E,
                "户籍证件",
                "新生儿落户需要什么材料",
                "孩子刚出生，我们一家户口在{community}，想咨询一下给孩子上户口需要带哪些材料，能不能在网上办理。",
            ),
            (
                H,
                "仲裁与调解",
                "邻里漏水纠纷求调解",
                "楼上住户家卫生间漏水，把我家天花板泡坏了，找他协商几次都不理不睬，希望社区或司法所帮忙调解。",
            ),
            (
                C,
                "交通管理",
                "{road}路口信号灯时间太短",
                "{road}和{road2}交叉口的行人绿灯只有十几秒，老人和带孩子的根本走不过去，车辆抢行很危险，建议延长行人通行时间。",
            ),
            (
                R,
                "社会治安",
                "{road}一处棋牌室疑似聚众赌博",
                "{road}一家棋牌室每天晚上人很多，门口有人放风，里面赌注很大，还有人因为输钱在门口吵架，请有关部门查处。",
            ),
        ],
        ["打过110，民警来了人就散了，过后又来。", "希望派出所加强巡逻。", "担心出事，希望尽快处理。"],
    ),
    "科技与信息产业": (
        [
            (
                C,
                "电信",
                "{village}手机信号差",
                "{village}一带手机信号很差，在家里打电话要跑到院子里，孩子上网课经常掉线，希望协调运营商增建基站。",
            ),
            (
                C,
                "电信",
                "宽带网速慢运营商不处理",
                "家里装的千兆宽带实际网速只有几十兆，报修了{n}次，师傅来看过说是线路老化，但一直没有更换。",
            ),
            (
                E,
                "科学技术",
                "高新技术企业认定咨询",
                "我们是一家做{product}的科技型企业，想申报高新技术企业，请问研发费用占比和知识产权数量有什么要求。",
            ),
            (
                S,
                "信息化建设",
                "建议政务服务网站增加适老化功能",
                "很多老人用手机办事不方便，政务服务网站和小程序字太小、步骤太多，建议增加大字版和语音读屏，保留电话预约。",
            ),
            (
                E,
                "知识产权",
                "专利申请资助政策咨询",
                "我们公司研发了一项{product}相关的实用新型专利，想了解区里有没有专利申请资助，去哪里申报。",
            ),
        ],
        ["运营商客服只会说已登记。", "数字化办事对企业很重要。", "请工信部门协调。"],
    ),
    "党务政务": (
        [
            (
                C,
                "其他",
                "政务服务大厅办事排长队",
                "上午去政务服务中心办事，{window}窗口只开了一个，排了两个多小时，很多人请假来的，希望高峰时段多开窗口。",
            ),
            (
                E,
                "其他",
                "营业执照办理流程咨询",
                "我想在{road}开一家小吃店，请问个体工商户营业执照怎么办理，可以全程网上办吗，大概需要几天。",
            ),
            (
                S,
                "其他",
                "建议政务大厅周末延时服务",
                "上班族工作日没时间办事，建议政务服务中心周六上午开放部分常办事项窗口，或者推行预约延时服务。",
            ),
            (
                P,
                "其他",
                "表扬政务服务中心{window}窗口",
                "今天在政务服务中心{window}窗口办事，工作人员一次性告知了所有材料，还帮我在手机上填好了表，半小时就办完了，点赞。",
            ),
            (
                C,
                "其他",
                "审批材料要求反复变化",
                "给公司办一项审批，跑了{n}趟，每次窗口都说还要补一份材料，为什么不能一次性告知？",
            ),
        ],
        ["希望落实一次性告知制度。", "办事群众的时间也很宝贵。", "希望行政审批部门改进。"],
    ),
    "纪检监察": (
        [
            (
                R,
                "干部作风",
                "{community}个别工作人员上班时间打牌",
                "{community}有工作人员工作日下午在办公室打牌，群众去办事让等着，已经不是一次两次了。",
            ),
            (
                R,
                "滥用职权",
                "{village}村干部优亲厚友分配低保",
                "{village}今年的低保名单里有村干部的亲戚，家里有车有门面房，真正困难的几户却没评上。",
            ),
            (
                R,
                "贪污贿赂",
                "{village}村干部截留补贴款",
                "{village}的退耕还林补贴，村里只给我们发了一半，问村干部说是扣了管理费，没有任何文件。",
            ),
            (
                C,
                "干部作风",
                "窗口工作人员推诿扯皮",
                "去{community}办居住证明，工作人员说要去街道，到了街道又说社区能开，来回跑了{n}趟都没办成。",
            ),
            (
                R,
                "失职渎职",
                "{road}违建长期无人查处",
                "{road}一处违法建筑举报了{months}，执法人员每次来看看就走，群众怀疑有人打招呼。",
            ),
        ],
        ["请纪检部门调查核实。", "群众对此意见很大。", "希望严肃处理。"],
    ),
}

OPENINGS = ["", "", "您好，", "领导好，", "你好，想反映一个问题：", "我是附近的居民，"]
CLOSINGS = ["希望有关部门尽快处理。", "盼复，谢谢！", "请相关部门关注。", "麻烦帮忙协调解决。", "谢谢！", ""]


def _name(rng) -> str:
    if rng.random() < 0.04:
        return rng.choice(COMPOUND) + rng.choice(GIVEN)[:1]
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _phone(rng) -> str:
    if rng.random() < 0.1:
        return f"0917-39{rng.randrange(10000, 99999)}"
    return f"139-0000-{rng.randrange(0, 10000):04d}"


def _id_number(rng) -> str:

    born = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(0, 50 * 365))
    first17 = f"6103{rng.randrange(1, 5):02d}{born:%Y%m%d}{rng.randrange(0, 1000):03d}"
    return first17 + id_check_character(first17)


def _contact_sentence(rng, phone: str, id_number: str) -> str:
    """Numbers typed into the text itself: what the public masking must catch."""
    digits = phone.replace("-", "")
    written = rng.choice([phone, digits, f"{digits[:3]} {digits[3:7]} {digits[7:]}", digits.translate(_FULLWIDTH)])
    sentence = rng.choice(["我的电话是{p}，", "联系电话：{p}。", "有事可以打我手机{p}，"]).format(p=written)
    if id_number:
        sentence += f"我的身份证号{id_number}。"
    return sentence


_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def generate_appeal_texts(n: int, seed: int = 0) -> list[dict]:
    """`n` invented appeals as dicts: kind, title, description, category (level-1 name),
    subcategory (level-2 name), street, community (department names), address,
    contact_name, phone, id_number, submitter_type, enterprise_name, allow_publish.
    """
    rng = random.Random(seed)
    categories = list(CATEGORIES)
    streets = list(STREETS)
    result = []
    for index in range(n):
        category = categories[index % len(categories)] if index < len(categories) * 2 else rng.choice(categories)
        scenarios, extras = CATEGORIES[category]
        kind, sub, title, body = rng.choice(scenarios)
        rural = "{village}" in title + body or category in ("农村农业", "国土资源")
        street = RURAL_STREET if rural and rng.random() < 0.8 else rng.choice(streets)
        community = rng.choice(STREETS[street])
        place = PLACES[street]
        roads = rng.sample(place["roads"], 2)
        slots = {key: rng.choice(values) for key, values in COMMON.items()}
        slots.update(
            road=roads[0],
            road2=roads[1],
            estate=rng.choice(place["estates"]),
            building=f"{rng.randrange(1, 19)}号楼",
            community=community.removesuffix("居民委员会"),
            village=rng.choice(VILLAGES),
        )
        phone = _phone(rng)
        id_number = _id_number(rng) if rng.random() < 0.06 else ""
        text = rng.choice(OPENINGS) + body.format(**slots)
        if rng.random() < 0.6:
            text += rng.choice(extras)
        if rng.random() < 0.18 or id_number:
            text += _contact_sentence(rng, phone, id_number)
        if rng.random() < 0.03:
            text += f"也可以发邮件到 resident{index}@example.com。"
        text += rng.choice(CLOSINGS)
        enterprise = category == "经济管理" or ("{product}" in body and rng.random() < 0.7)
        result.append(
            {
                "kind": kind,
                "title": title.format(**slots)[:100],
                "description": text,
                "category": category,
                "subcategory": sub,
                "street": street,
                "community": community,
                "address": f"{roads[0]}{rng.randrange(1, 200)}号"
                if rng.random() < 0.5
                else f"{slots['estate']}{slots['building']}",
                "contact_name": _name(rng),
                "phone": phone,
                "id_number": id_number if rng.random() < 0.5 else "",
                "submitter_type": "enterprise" if enterprise else "resident",
                "enterprise_name": rng.choice(COMMON["company"]) if enterprise else "",
                "allow_publish": rng.random() < 0.7,
            }
        )
    return result


# The demo step ----------------------------------------------------------------------------
DEMO_APPEAL_COUNT = 72
DEMO_SEED = 20261129


def create_demo_appeals(progress=None, count: int = DEMO_APPEAL_COUNT, seed: int = DEMO_SEED) -> int:
    """Submit `count` invented appeals over the last 90 days (the work-order step takes
    them on through the lifecycle)."""
    from huying.accounts.models import Department

    if Appeal.objects.exists():
        return 0
    rng = random.Random(seed)
    departments = {
        (d.parent.name if d.parent_id else "", d.name): d for d in Department.objects.select_related("parent")
    }
    roots = {c.name: c for c in Category.objects.roots()}
    subs = {(c.parent.name, c.name): c for c in Category.objects.filter(level=2).select_related("parent")}
    now = timezone.now()
    texts = generate_appeal_texts(count, seed)
    # Oldest first, so ticket numbers grow with time as they do for real.
    moments = sorted(now - datetime.timedelta(days=rng.uniform(0.2, 90)) for _ in texts)
    created = 0
    for text, moment in zip(texts, moments, strict=True):
        street = departments.get(("清渭区人民政府", text["street"])) or next(
            (d for (parent, name), d in departments.items() if name == text["street"]), None
        )
        community = departments.get((text["street"], text["community"]))
        category = subs.get((text["category"], text["subcategory"])) or roots.get(text["category"])
        data = {
            **text,
            "category": category if rng.random() < 0.8 else None,
            "street": street,
            "community": community,
            "phone": normalise_phone(text["phone"]),
            "id_number_consent": bool(text["id_number"]),
        }
        submit_appeal(data, channel="web", enforce_limits=False, submitted_at=moment)
        created += 1
        if progress:
            progress()
    return created
